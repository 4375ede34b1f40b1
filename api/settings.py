"""Application settings, read from the environment (prefix CONVERGENCE_) and `.env`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator
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
    log_level: str = "INFO"
    # Identity
    totp_required_roles: list[str] = Field(
        default_factory=lambda: ["admin_national", "accompagnateur"],
        description="Roles that must enrol a TOTP second factor (ignored in demo mode)",
    )
    refresh_token_days: int = 14
    client_secret_overlap_hours: int = 24
    login_max_failures: int = 5
    login_failure_window_minutes: int = 15
    login_max_block_seconds: int = 900
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
    # Connectors (docs/connecteurs.md): the Fernet key that encrypts the chantiers' Les emplois
    # credentials (empty: derived from the secret key), and how often the worker synchronises.
    connecteurs_key: str = Field(default="", repr=False)
    emplois_sync_minutes: int = Field(default=60, ge=1)
    # STARTTLS on the submission port (certificate checked against the system's or this CA).
    smtp_starttls: bool = True
    smtp_ca_file: str = ""

    @property
    def demo(self) -> bool:
        return self.env == "demo"

    @property
    def secure_cookies(self) -> bool:
        return self.env != "demo"

    @property
    def totp_roles(self) -> frozenset[str]:
        return frozenset() if self.demo else frozenset(self.totp_required_roles)

    @property
    def scrape_token(self) -> str:
        return self.metrics_token or (DEMO_METRICS_TOKEN if self.demo else "")

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
