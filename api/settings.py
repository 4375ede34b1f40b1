"""Application settings, read from the environment (prefix CONVERGENCE_) and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT_DIR = Path(__file__).resolve().parent.parent
DEMO_SECRET_KEY = "demo-only-secret-key-never-use-in-production-000"
# The demo's fixed scrape token for /metrics (README, section Exploitation).
DEMO_METRICS_TOKEN = "demo-metrics-token"


class ElementConserve(BaseModel):
    """Something an anonymisation keeps because a legal obligation requires it (no name)."""

    element: Literal["contrats"]
    duree_mois: int = Field(ge=1, le=240)
    motif: str = Field(max_length=300)


CONSERVATION_LEGALE = [
    ElementConserve(
        element="contrats",
        duree_mois=60,
        motif=(
            "Justification des postes aidés (aide au poste IAE, contrôles de l'État et des "
            "financeurs) : type, dates et durée hebdomadaire des CDDI, sans nom, 5 ans après "
            "la fin du contrat."
        ),
    )
]


class ContactPublic(BaseModel):
    """A person the public pages name as a contact of the programme."""

    nom: str = Field(min_length=1, max_length=120)
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")


# The demo's contacts when none are configured (fictitious, like the demo accounts).
DEMO_CONTACTS = [
    ContactPublic(nom="Équipe nationale (démonstration)", email="contact@demo.example.org")
]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONVERGENCE_", env_file=".env", extra="ignore", case_sensitive=False
    )

    env: Literal["demo", "development", "production"] = "production"
    database_url: str = f"sqlite+aiosqlite:///{ROOT_DIR / 'var' / 'convergence.db'}"
    # A PostgreSQL streaming replica for stale-tolerant reads (indicators, exports, statistics);
    # empty: every read goes to the primary. docs/deploiement.md
    database_replica_url: str = ""
    replica_max_lag_seconds: float = Field(
        default=30.0, ge=0, description="Replay lag past which reads go back to the primary"
    )
    replica_check_seconds: float = Field(
        default=5.0, ge=0, description="How long a process trusts its last replica lag check"
    )
    replica_check_timeout_seconds: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="How long a lag check may take before the replica counts as unreachable",
    )
    secret_key: str = ""
    cors_origins: list[str] = Field(default_factory=list)
    spa_dir: Path = ROOT_DIR / "frontend" / "dist"
    docs_enabled: bool = True
    max_body_bytes: int = 1_048_576
    documents_dir: Path = ROOT_DIR / "var" / "documents"
    document_max_bytes: int = 20 * 1024 * 1024
    db_pool_size: int = 10
    db_pool_timeout: float = 5.0
    db_statement_timeout_ms: int = Field(
        default=5000,
        ge=0,
        description="PostgreSQL statement_timeout of API requests (0: none); exports may ask more",
    )
    # Rate limits per minute, counted in the database or in Redis when redis_url is set
    rate_limit_client_per_minute: int = Field(default=60, ge=1)
    rate_limit_user_per_minute: int = Field(default=600, ge=1)
    rate_limit_anonymous_per_minute: int = Field(default=120, ge=1)
    redis_url: str = ""
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (uvicorn's
    # forwarded_allow_ips): addresses or networks separated by commas, e.g. "10.0.0.2" or
    # "172.16.0.0/12"; empty: none, the TCP peer is the client. docs/deploiement.md
    trusted_proxies: str = ""
    log_level: str = "INFO"
    # Identity. The roles that must use a second factor are every role holding a health-read
    # permission (api.core.permissions.ROLES_SECOND_FACTEUR); this list can only ADD roles.
    totp_required_roles: list[str] = Field(
        default_factory=list,
        description="Roles that must enrol TOTP besides the health readers (ignored in demo)",
    )
    refresh_token_days: int = 14
    # Sessions end by themselves (docs/securite.md): an absolute lifetime, and an idle limit,
    # short for the roles that read health data, longer for the others.
    session_absolute_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    session_idle_minutes_sante: float = Field(default=30.0, gt=0, le=24 * 60)
    session_idle_minutes: float = Field(default=480.0, gt=0, le=24 * 60)
    client_secret_overlap_hours: int = 24
    # Login throttling: per (account, source), per source, per device (device cookie); the
    # account-wide ceiling only slows the answers down, it never refuses (docs/securite.md).
    login_max_failures: int = 5
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_account_ceiling: int = Field(default=30, ge=1)
    login_ceiling_delay_seconds: float = Field(default=2.0, ge=0, le=10)
    login_failure_window_minutes: int = 15
    # A blocked counter waits base × 2^(failures past the limit) seconds, at most the maximum.
    login_block_base_seconds: int = Field(default=1, ge=1)
    login_max_block_seconds: int = 900
    device_cookie_days: int = Field(default=90, ge=1, le=400)
    # Accounts: e-mailed single-use links (docs/comptes.md)
    invitation_hours: int = Field(default=72, ge=1, le=720)
    password_reset_minutes: int = Field(default=60, ge=5, le=1440)
    # Reset links sent per e-mail address and per client address within the hour.
    password_reset_per_hour: int = Field(default=3, ge=1)
    password_reset_per_address_per_hour: int = Field(default=20, ge=1)
    # Applications to join the network (docs/candidatures.md): the e-mailed link, the key
    # kept by the applicant's browser, and the anti-abuse limits of the anonymous form.
    candidature_lien_heures: int = Field(default=48, ge=1, le=720)
    candidature_cle_jours: int = Field(default=90, ge=1, le=730)
    candidature_delai_min_secondes: int = Field(
        default=3, ge=0, le=600, description="Minimum time between the form's display and its send"
    )
    candidature_par_courriel_par_heure: int = Field(default=3, ge=1)
    candidature_par_adresse_par_heure: int = Field(default=20, ge=1)
    candidature_document_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    candidature_conservation_mois: int = Field(
        default=12, ge=1, le=120, description="Months a refused or abandoned application is kept"
    )
    # ProConnect (OpenID Connect): enabled when the issuer and the client id are set.
    oidc_issuer: str = ""
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_redirect_uri: str = ""
    oidc_scopes: str = "openid email given_name usual_name"
    # `amr` values that assert a second factor (RFC 8176).
    oidc_mfa_amr: list[str] = Field(default_factory=lambda: ["mfa", "otp", "hwk", "swk"])
    audit_retention_days: int = 365
    # Key signing the exported head of the audit chain (HMAC); empty: derived from the secret key.
    audit_head_key: str = ""
    # Key of the evaluation pseudonyms (HMAC); empty: derived from the secret key.
    evaluation_key: str = ""
    # Personal data (RGPD): docs/rgpd.md
    retention_months: int = Field(
        default=24, ge=1, description="Months after the last contact before anonymisation"
    )
    retention_batch_size: int = Field(default=100, ge=1, le=1000)
    conservation_legale: list[ElementConserve] = Field(
        default_factory=lambda: list(CONSERVATION_LEGALE),
        description="What an anonymisation keeps for a legal obligation, how long and why",
    )
    # Orientations, webhooks and e-mail notices
    orientation_expiry_days: int = 15
    public_url: str = "http://127.0.0.1:8000"
    mail_from: str = "Convergence <ne-pas-repondre@convergence.invalid>"
    mail_dir: Path = ROOT_DIR / "var" / "mail"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    # Operations (api/core/observabilite, docs/exploitation/)
    log_format: Literal["", "json", "texte"] = Field(
        default="", description="Log lines: json or texte; empty: JSON in production only"
    )
    metrics_token: str = Field(default="", description="Bearer token that may read /metrics")
    metrics_networks: list[str] = Field(
        default_factory=list, description="Networks (CIDR) that may read /metrics without token"
    )
    # Traces (OpenTelemetry): off unless OTEL_TRACES_EXPORTER names an exporter (otlp, console).
    # The standard variables, without the CONVERGENCE_ prefix; the OTLP exporter reads its own
    # (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_HEADERS...). README, section Exploitation.
    otel_traces_exporter: str = Field(
        default="none",
        validation_alias=AliasChoices("OTEL_TRACES_EXPORTER", "otel_traces_exporter"),
        description="none, otlp, console (several separated by commas)",
    )
    otel_service_name: str = Field(
        default="",
        validation_alias=AliasChoices("OTEL_SERVICE_NAME", "otel_service_name"),
        description="Service name of the spans; empty: convergence-api or convergence-worker",
    )
    otel_sdk_disabled: bool = Field(
        default=False, validation_alias=AliasChoices("OTEL_SDK_DISABLED", "otel_sdk_disabled")
    )
    # Graceful stop: how long a SIGTERM waits for the requests in flight (and the worker's
    # current pass) before closing what remains.
    arret_secondes: float = Field(default=20.0, ge=0, le=600)
    # Before that, how long /readyz answers 503 while requests are still served (the load
    # balancer's time to notice): more than its readiness check period behind one, 0 otherwise.
    arret_preavis_secondes: float = Field(default=0.0, ge=0, le=120)
    # Backups: the directory of pg_dump/pg_restore matching the server's major version
    # (empty: /usr/lib/postgresql/<version>/bin when present, else the PATH).
    pg_bin_dir: str = ""
    # Connectors (docs/connecteurs.md): the Fernet key that encrypts the chantiers' Les emplois
    # credentials (empty: derived from the secret key), and how often the worker synchronises.
    connecteurs_key: str = Field(default="", repr=False)
    emplois_sync_minutes: int = Field(default=60, ge=1)
    # STARTTLS on the submission port (certificate checked against the system's or this CA).
    smtp_starttls: bool = True
    smtp_ca_file: str = ""
    # The programme's public pages (docs/deploiement.md): the contacts in their footer and on
    # "Être partenaire" (JSON list of {"nom", "email"}), a general address and the web site.
    contact_personnes: list[ContactPublic] = Field(default_factory=list)
    contact_email: str = Field(default="", max_length=254)
    contact_site: str = Field(default="https://convergence-france.org", max_length=300)
    # How long a browser or a cache may keep the public figures (seconds).
    public_cache_seconds: int = Field(default=300, ge=0, le=86400)

    @property
    def demo(self) -> bool:
        return self.env == "demo"

    @property
    def secure_cookies(self) -> bool:
        return self.env != "demo"

    @property
    def scrape_token(self) -> str:
        return self.metrics_token or (DEMO_METRICS_TOKEN if self.demo else "")

    @property
    def contacts_publics(self) -> list[ContactPublic]:
        if self.contact_personnes or not self.demo:
            return self.contact_personnes
        return DEMO_CONTACTS

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @model_validator(mode="after")
    def _secret_required(self) -> Settings:
        if not self.secret_key:
            if self.env != "demo":
                raise ValueError(
                    "CONVERGENCE_SECRET_KEY est obligatoire hors du mode démo "
                    "(32 caractères au moins)"
                )
            self.secret_key = DEMO_SECRET_KEY
        elif len(self.secret_key) < 32 and self.env != "demo":
            raise ValueError("CONVERGENCE_SECRET_KEY doit compter 32 caractères au moins")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
