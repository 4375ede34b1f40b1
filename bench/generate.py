"""A synthetic national-scale dataset, loaded straight into PostgreSQL with COPY.

    python -m bench.generate --scale 1 --seed 42 \
        --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/bench_s1

The database must be empty: migrations are applied first, then every table is filled in
batches with asyncpg's `copy_records_to_table`. At `--scale 1`: 10 territoires, 60 chantiers,
400 partenaires, 20 000 salariés over 10 years, ~5 diagnostics each, ~60 000 freins,
~150 000 actions, ~80 000 orientations with their events and messages, ~1 000 000 journal
entries and 2 000 000 audit rows (a valid hash chain); every count is multiplied by the scale.

Distributions follow the programme's brochure: three in four with a street history, exits
split like the 2017 evaluation (47 % sorties dynamiques, half "en logement", three in four
with better health care and more rights). Every row respects the database constraints and
the domain rules the services enforce (one open parcours per person, the category derived
from the motif, a validated exit diagnostic before the exit, consent before an orientation
is sent, follow-up check-ins after an exit to a job or to housing, no overdue expiry...).

Deterministic: the same --seed, --scale and --today give the same rows, ids included.
Foreign keys are not checked row by row during the load (session_replication_role=replica,
the generator builds them consistent); one anti-join per foreign key checks them all at the
end, and the load fails if any is dangling.

Accounts: every user has the password PASSWORD; every API client the secret
`client_secret(client_id)`. A dataset marker (a comment on the database) names the scale,
the seed and the reference date; the benchmark reuses a database whose marker matches.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import random
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from api.core.audit import GENESIS, AuditEvent, _digest
from api.core.migrations import upgrade
from api.core.security import hash_password, hash_secret
from api.demo.seed import demo_siret
from api.freins.evolution import DROITS
from api.freins.referentiel_data import OBJECTIFS, SITUATIONS, TYPES_ACTION
from api.parcours.service import add_months
from api.referentiel import (
    CATEGORIE_DU_MOTIF,
    EMPLOI,
    EN_LOGEMENT,
    CategorieSortie,
    MotifSortie,
    SituationLogement,
    groupe,
)

GENERATOR_VERSION = 2
PASSWORD = "Bench-Convergence-2026"
EMAIL_DOMAIN = "bench.example.org"
MARKER_KIND = "convergence-bench-dataset"
BATCH = 20_000
PEOPLE_SHARDS = 2  # processes generating the people (plus one for the audit trail)

# Targets at --scale 1 (the figures).
PER_SCALE = {
    "territoires": 10,
    "salaries": 20_000,
    "journal": 1_000_000,
    "audit": 2_000_000,
}
CHANTIERS_PER_TERRITOIRE = 6
PARTENAIRES_PER_TERRITOIRE = 40
ACCOMPAGNATEURS_PER_CHANTIER = 3
FREINS_PER_PARCOURS = 3.0
ACTIONS_PER_FREIN = 2.5
ORIENTATIONS_PER_PARCOURS = 4.0

VILLES = [
    ("paris", "Paris", "75"),
    ("grand-lyon", "Grand Lyon", "69"),
    ("lille", "Lille", "59"),
    ("nantes", "Nantes", "44"),
    ("strasbourg", "Strasbourg", "67"),
    ("charente", "Charente", "16"),
    ("marseille", "Marseille", "13"),
    ("rouen", "Rouen", "76"),
    ("toulouse", "Toulouse", "31"),
    ("bordeaux", "Bordeaux", "33"),
    ("montpellier", "Montpellier", "34"),
    ("rennes", "Rennes", "35"),
    ("grenoble", "Grenoble", "38"),
    ("dijon", "Dijon", "21"),
    ("nice", "Nice", "06"),
    ("tours", "Tours", "37"),
    ("clermont", "Clermont-Ferrand", "63"),
    ("metz", "Metz", "57"),
    ("brest", "Brest", "29"),
    ("limoges", "Limoges", "87"),
    ("amiens", "Amiens", "80"),
    ("besancon", "Besançon", "25"),
    ("orleans", "Orléans", "45"),
    ("caen", "Caen", "14"),
    ("nancy", "Nancy", "54"),
    ("avignon", "Avignon", "84"),
    ("poitiers", "Poitiers", "86"),
    ("perpignan", "Perpignan", "66"),
    ("le-havre", "Le Havre", "76"),
    ("saint-etienne", "Saint-Étienne", "42"),
]
ACTIVITES = ["Ressourcerie", "Maraîchage", "Second œuvre", "Espaces verts", "Couture", "Cuisine"]
PRENOMS = [
    "Élodie", "Karim", "Sandrine", "Moussa", "Nadia", "Thierry", "Fatou", "Grégory", "Amina",
    "Patrick", "Leïla", "Sébastien", "Awa", "Christophe", "Yasmina", "Didier", "Chantal",
    "Mamadou", "Isabelle", "Rachid", "Sylvie", "Bruno", "Aïcha", "Jean-Marc", "Nathalie",
    "Ibrahima", "Valérie", "Samir", "Mireille", "Olivier",
]  # fmt: skip
NOMS = [
    "Exemple", "Fictif", "Démo", "Essai", "Modèle", "Maquette", "Prototype", "Brouillon",
    "Esquisse", "Ébauche", "Pilote", "Témoin", "Synthèse", "Gabarit", "Patron", "Canevas",
    "Épure", "Croquis", "Schéma", "Trame",
]  # fmt: skip
PARTENAIRE_TYPES: list[tuple[str, tuple[str, ...], str]] = [
    ("siao", ("logement",), "SIAO"),
    ("bailleur_social", ("logement",), "Bailleur social"),
    ("chrs", ("logement",), "CHRS"),
    ("chu", ("logement",), "CHU"),
    ("pass_hospitaliere", ("sante",), "PASS hospitalière"),
    ("csapa", ("sante",), "CSAPA"),
    ("cmp", ("sante",), "CMP"),
    ("cpam", ("sante", "droits"), "CPAM"),
    ("caf", ("droits", "finances"), "CAF"),
    ("ccas", ("droits", "finances"), "CCAS"),
    ("france_travail", ("emploi",), "France Travail"),
    ("mission_locale", ("emploi", "mobilite"), "Mission locale"),
    ("cap_emploi", ("emploi",), "Cap emploi"),
    ("spip", ("justice",), "SPIP"),
    ("association", ("famille", "langue", "numerique"), "Association"),
    ("autre", ("mobilite", "numerique"), "Plateforme mobilité"),
]
CORE_DOMAINES = ("logement", "sante", "droits", "emploi")
OTHER_DOMAINES = {  # share of people assessed on the domaine
    "mobilite": 0.45,
    "finances": 0.45,
    "justice": 0.15,
    "famille": 0.3,
    "langue": 0.2,
    "numerique": 0.35,
}
# Exits like the 2017 evaluation: 47 % dynamiques.
CATEGORIES: list[tuple[CategorieSortie, float]] = [
    (CategorieSortie.emploi_durable, 0.20),
    (CategorieSortie.emploi_transition, 0.15),
    (CategorieSortie.sortie_positive, 0.12),
    (CategorieSortie.autre_sortie, 0.48),
    (CategorieSortie.retrait, 0.05),
]
MOTIFS_BY_CATEGORY: dict[CategorieSortie, list[MotifSortie]] = defaultdict(list)
for _motif, _cat in CATEGORIE_DU_MOTIF.items():
    MOTIFS_BY_CATEGORY[_cat].append(_motif)
S = SituationLogement
LOGEMENT_RUE = [S.sans_abri, S.squat, S.habitat_de_fortune, S.urgence_115, S.chu, S.hotel_social]
LOGEMENT_AUTRE = [S.chrs, S.heberge_chez_un_tiers, S.residence_temporaire, S.hopital, S.prison]
LOGEMENT_LOGE = [
    S.pension_de_famille,
    S.residence_sociale,
    S.intermediation_locative,
    S.locataire_parc_social,
    S.locataire_parc_prive,
]
LOGEMENT_NON_LOGE = [S.chrs, S.heberge_chez_un_tiers, S.chu, S.hotel_social, S.inconnu]
NIVEAU_LOGEMENT = {
    "rue": 3,
    "urgence": 3,
    "institution": 2,
    "insertion": 2,
    "temporaire": 2,
    "logement_adapte": 1,
    "logement_autonome": 0,
    "inconnu": 2,
}
TEXTES_ENTRETIEN = [
    "Point sur l'adaptation au chantier et sur les démarches en cours.",
    "Suivi régulier : démarches logement et santé.",
    "Préparation du rendez-vous avec le partenaire.",
    "Bilan des heures et de la progression sur le poste.",
    "Échange sur le projet professionnel.",
]


def client_secret(client_id: str) -> str:
    """The known secret of a generated API client (the load driver logs in with it)."""
    return f"cs_bench_{client_id}"


def user_email(login: str) -> str:
    return f"{login}@{EMAIL_DOMAIN}"


def telephone(index: int) -> str:
    parts = (index // 10**6 % 100, index // 10**4 % 100, index // 100 % 100, index % 100)
    return "06 " + " ".join(f"{p:02d}" for p in parts)


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


# --- deterministic helpers -------------------------------------------------------------------


class Rng(random.Random):
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def chance(self, p: float) -> bool:
        return self.random() < p

    def day_between(self, a: date, b: date) -> date:
        span = (b - a).days
        return a + timedelta(days=self.randint(0, span)) if span > 0 else a

    def poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, round(self.gauss(lam, math.sqrt(lam))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.random()
            if p <= limit:
                return k
            k += 1


def at(day: date, rng: Rng, start_hour: int = 8, end_hour: int = 18) -> datetime:
    """A working-hours timestamp on that day, UTC, whole seconds."""
    seconds = rng.randint(start_hour * 3600, end_hour * 3600 - 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- the loader: per-table buffers flushed with COPY -------------------------------------------

COLUMNS: dict[str, tuple[str, ...]] = {
    "territoire": (
        "id", "code", "nom", "date_demarrage", "densite", "statut",
        "created_at", "updated_at", "version",
    ),
    "territoire_evenement": ("id", "territoire_id", "date", "libelle"),
    "structure": (
        "id", "type", "nom", "siret", "territoire_id", "adresse", "code_postal", "commune",
        "courriel", "telephone", "site_web", "porteur_coordination", "nombre_postes",
        "type_partenaire", "engagement", "activites_support", "contacts",
        "created_at", "updated_at", "version",
    ),
    "structure_domaine": ("structure_id", "domaine"),
    "structure_territoire": ("structure_id", "territoire_id"),
    "convention": (
        "id", "type", "titre", "territoire_id", "statut", "date_signature", "date_effet",
        "date_echeance", "objectifs", "created_at", "updated_at", "version",
    ),
    "convention_partie": ("convention_id", "structure_id", "role"),
    "user_account": (
        "id", "email", "nom", "prenom", "role", "structure_id", "actif", "password_hash",
        "totp_active", "created_at", "updated_at", "version",
    ),
    "user_territoire": ("user_id", "territoire_id"),
    "api_client": (
        "id", "client_id", "nom", "role", "structure_id", "scopes", "actif",
        "created_at", "updated_at", "version",
    ),
    "api_client_secret": ("id", "api_client_id", "secret_hash", "created_at"),
    "api_client_territoire": ("api_client_id", "territoire_id"),
    "salarie": (
        "id", "territoire_id", "chantier_id", "nom", "prenoms", "date_naissance", "sexe",
        "telephone", "domiciliation", "langues", "recherche", "created_at", "updated_at",
        "version",
    ),
    "consentement": (
        "id", "salarie_id", "type", "partenaire_id", "inclut_sante", "date_recueil",
        "recueilli_par", "created_at",
    ),
    "referent_externe": (
        "id", "salarie_id", "nom", "organisation", "fonction", "depuis",
        "created_at", "updated_at", "version",
    ),
    "parcours": (
        "id", "salarie_id", "chantier_id", "referent_id", "date_entree", "prescripteur",
        "parcours_de_rue", "duree_rue_mois", "logement_entree", "statut",
        "justification_duree", "motif_suspension", "date_sortie", "motif_sortie",
        "categorie_sortie", "logement_sortie", "employeur_sortie", "contrat_sortie",
        "date_cloture", "created_at", "updated_at", "version",
    ),
    "contrat": (
        "id", "parcours_id", "type", "date_debut", "date_fin", "heures_hebdo",
        "renouvellement_de", "created_at", "updated_at", "version",
    ),
    "suivi_post_sortie": (
        "id", "parcours_id", "echeance_mois", "date_prevue", "date_realisee", "resultat",
        "en_emploi", "type_contrat", "groupe_logement",
    ),
    "journal_entree": (
        "id", "parcours_id", "type", "date", "auteur_id", "titre", "texte",
        "confidentialite", "details", "created_at",
    ),
    "diagnostic": (
        "id", "parcours_id", "etape", "date", "auteur_id", "statut", "remplace_id",
        "suivi_id", "valide_le", "created_at", "updated_at", "version",
    ),
    "diagnostic_domaine": ("diagnostic_id", "domaine", "niveau", "situations", "commentaire"),
    "frein": (
        "id", "parcours_id", "domaine", "niveau", "situations", "objectifs", "statut",
        "date_identification", "date_cloture", "diagnostic_id",
        "created_at", "updated_at", "version",
    ),
    "action": (
        "id", "frein_id", "type", "statut", "echeance", "responsable_id", "date_realisation",
        "created_at", "updated_at", "version",
    ),
    "orientation": (
        "id", "parcours_id", "salarie_id", "frein_id", "partenaire_id", "domaine", "motif",
        "urgence", "besoin", "referent_contact_id", "demandeur_id", "statut", "partage",
        "donnees_partagees", "envoyee_le", "premiere_reponse_le", "cloturee_le",
        "motif_refus", "commentaire_reponse", "date_realisation",
        "created_at", "updated_at", "version",
    ),
    "orientation_evenement": ("id", "orientation_id", "statut", "at", "acteur_type", "acteur_id"),
    "orientation_message": (
        "id", "orientation_id", "cote", "auteur_type", "auteur_id", "texte", "created_at",
    ),
    "audit_event": (
        "id", "occurred_at", "actor_type", "actor_id", "action", "object_type", "object_id",
        "salarie_id", "client_address", "request_id", "details", "seq", "prev_hash", "hash",
    ),
}  # fmt: skip

# Checked after the load, one anti-join each: (child table, column, parent table).
FOREIGN_KEYS = [
    ("structure", "territoire_id", "territoire"),
    ("salarie", "chantier_id", "structure"),
    ("salarie", "territoire_id", "territoire"),
    ("parcours", "salarie_id", "salarie"),
    ("parcours", "chantier_id", "structure"),
    ("parcours", "referent_id", "user_account"),
    ("contrat", "parcours_id", "parcours"),
    ("contrat", "renouvellement_de", "contrat"),
    ("journal_entree", "parcours_id", "parcours"),
    ("suivi_post_sortie", "parcours_id", "parcours"),
    ("diagnostic", "parcours_id", "parcours"),
    ("diagnostic", "remplace_id", "diagnostic"),
    ("diagnostic", "suivi_id", "suivi_post_sortie"),
    ("diagnostic_domaine", "diagnostic_id", "diagnostic"),
    ("frein", "parcours_id", "parcours"),
    ("frein", "diagnostic_id", "diagnostic"),
    ("action", "frein_id", "frein"),
    ("orientation", "parcours_id", "parcours"),
    ("orientation", "salarie_id", "salarie"),
    ("orientation", "frein_id", "frein"),
    ("orientation", "partenaire_id", "structure"),
    ("orientation_evenement", "orientation_id", "orientation"),
    ("orientation_message", "orientation_id", "orientation"),
    ("consentement", "salarie_id", "salarie"),
    ("consentement", "partenaire_id", "structure"),
    ("referent_externe", "salarie_id", "salarie"),
    ("user_account", "structure_id", "structure"),
    ("api_client", "structure_id", "structure"),
    ("api_client_secret", "api_client_id", "api_client"),
    ("convention_partie", "convention_id", "convention"),
    ("convention_partie", "structure_id", "structure"),
]


SESSION_SETUP = (
    # Foreign keys are built consistent and checked in one pass at the end (FOREIGN_KEYS).
    "SET session_replication_role = replica",
    "SET synchronous_commit = off",
)


class Loader:
    """Buffers rows per table and sends each full batch with COPY on the table's own
    connection, in the background: Python generates the next rows while PostgreSQL
    stores the previous ones."""

    def __init__(self, dsn: str, batch: int = BATCH) -> None:
        self.dsn = dsn
        self.batch = batch
        self.buffers: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.connections: dict[str, asyncpg.Connection] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.rows: Counter[str] = Counter()
        self.copy_seconds: Counter[str] = Counter()
        self.added = 0

    async def _connection(self, table: str) -> asyncpg.Connection:
        if table not in self.connections:
            conn = await asyncpg.connect(self.dsn)
            for statement in SESSION_SETUP:
                await conn.execute(statement)
            self.connections[table] = conn
        return self.connections[table]

    async def add(self, table: str, row: tuple[Any, ...]) -> None:
        buffer = self.buffers[table]
        buffer.append(row)
        if len(buffer) >= self.batch:
            await self.flush(table)
        self.added += 1
        if self.added % 2000 == 0:
            await asyncio.sleep(0)  # let the COPY tasks send what they have

    async def _copy(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        conn = await self._connection(table)
        started = time.perf_counter()
        await conn.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
        self.copy_seconds[table] += time.perf_counter() - started
        self.rows[table] += len(rows)

    async def flush(self, table: str) -> None:
        rows = self.buffers.pop(table, [])
        previous = self.tasks.pop(table, None)
        if previous is not None:
            await previous
        if rows:
            self.tasks[table] = asyncio.create_task(self._copy(table, rows))
            await asyncio.sleep(0)

    async def flush_all(self) -> None:
        for table in list(self.buffers):
            await self.flush(table)
        for task in list(self.tasks.values()):
            await task
        self.tasks.clear()

    async def execute(self, statement: str, *args: Any) -> None:
        conn = await self._connection("")
        await conn.execute(statement, *args)

    async def close(self) -> None:
        await self.flush_all()
        for conn in self.connections.values():
            await conn.close()
        self.connections.clear()


class NullLoader(Loader):
    """Generates without loading (the audit process rebuilds the network this way)."""

    def __init__(self) -> None:
        super().__init__("")

    async def add(self, table: str, row: tuple[Any, ...]) -> None:
        return None


# --- the programme's network -------------------------------------------------------------------


@dataclass
class Chantier:
    id: uuid.UUID
    index: int
    territoire: int
    postes: int
    accompagnateurs: list[uuid.UUID] = field(default_factory=list)
    direction: uuid.UUID | None = None


@dataclass
class Network:
    territoires: list[uuid.UUID]
    territoire_start: list[date]
    chantiers: list[Chantier]
    partners_by_territoire: dict[int, list[tuple[uuid.UUID, tuple[str, ...]]]]
    partners_by_domaine: dict[tuple[int, str], list[uuid.UUID]]
    partner_client: dict[uuid.UUID, uuid.UUID]
    staff: list[tuple[uuid.UUID, int]]  # (user id, chantier index) of accompagnateurs
    clients: list[uuid.UUID]
    user_names: dict[uuid.UUID, tuple[str, str, str]]


def _scaled(name: str, scale: float) -> int:
    return max(1, round(PER_SCALE[name] * scale))


def territoire_label(index: int) -> tuple[str, str, str]:
    code, nom, dept = VILLES[index % len(VILLES)]
    if index >= len(VILLES):
        suffix = index // len(VILLES) + 1
        return f"{code}-{suffix}", f"{nom} {suffix}", dept
    return code, nom, dept


async def build_network(loader: Loader, rng: Rng, scale: float, today: date) -> Network:
    now = datetime(today.year, today.month, today.day, 6, tzinfo=UTC)
    created = now - timedelta(days=3650)
    window_start = add_months(today, -120)
    password_hash = hash_password(PASSWORD)
    n_territoires = _scaled("territoires", scale)
    serial = 0

    def siret() -> str:
        nonlocal serial
        serial += 1
        return demo_siret(serial)

    def structure(
        sid: uuid.UUID,
        type_: str,
        nom: str,
        territoire_id: uuid.UUID | None,
        dept: str,
        commune: str,
        *,
        porteur: bool = False,
        postes: int | None = None,
        type_partenaire: str | None = None,
        engagement: str | None = None,
        activites: list[str] | None = None,
    ) -> tuple[Any, ...]:
        return (
            sid, type_, nom, siret(), territoire_id, None, f"{dept}000"[:5], commune,
            None, None, None, porteur, postes, type_partenaire, engagement,
            dumps(activites or []), "[]", created, created, 1,
        )  # fmt: skip

    national = rng.uuid()
    await loader.add(
        "structure",
        structure(national, "convergence_france", "Convergence France", None, "75", "Paris"),
    )
    for type_, nom in (("financeur", "Fonds Inclusion (bench)"), ("evaluateur", "Évaluation")):
        await loader.add("structure", structure(rng.uuid(), type_, nom, None, "75", "Paris"))
    users: list[tuple[Any, ...]] = []
    user_names: dict[uuid.UUID, tuple[str, str, str]] = {}

    async def user(login: str, role: str, structure_id: uuid.UUID, *terr: uuid.UUID) -> uuid.UUID:
        uid = rng.uuid()
        prenom, nom = rng.choice(PRENOMS), f"Équipe {len(users) + 1}"
        email = user_email(login)
        user_names[uid] = (prenom, nom, email)
        users.append(uid)
        await loader.add(
            "user_account",
            (uid, email, nom, prenom, role, structure_id, True, password_hash, False,
             created, created, 1),
        )  # fmt: skip
        for t in terr:
            await loader.add("user_territoire", (uid, t))
        return uid

    async def client(
        client_id: str, nom: str, role: str, sid: uuid.UUID, t: uuid.UUID
    ) -> uuid.UUID:
        cid = rng.uuid()
        scopes = (
            ["orientations:read", "orientations:write"]
            if role == "partenaire"
            else ["exports:read", "indicateurs:read"]
        )
        await loader.add(
            "api_client", (cid, client_id, nom, role, sid, dumps(scopes), True, created, created, 1)
        )
        await loader.add(
            "api_client_secret", (rng.uuid(), cid, hash_secret(client_secret(client_id)), created)
        )
        await loader.add("api_client_territoire", (cid, t))
        return cid

    await user("admin", "admin_national", national)
    territoires: list[uuid.UUID] = []
    starts: list[date] = []
    chantiers: list[Chantier] = []
    partners_by_territoire: dict[int, list[tuple[uuid.UUID, tuple[str, ...]]]] = defaultdict(list)
    partners_by_domaine: dict[tuple[int, str], list[uuid.UUID]] = defaultdict(list)
    partner_client: dict[uuid.UUID, uuid.UUID] = {}
    staff: list[tuple[uuid.UUID, int]] = []
    clients: list[uuid.UUID] = []
    for t in range(n_territoires):
        code, nom, dept = territoire_label(t)
        tid = rng.uuid()
        start = (
            window_start - timedelta(days=365)
            if t == 0
            else rng.day_between(window_start, add_months(window_start, 30))
        )
        territoires.append(tid)
        starts.append(start)
        densite = "peu_dense" if rng.chance(0.2) else "dense"
        await loader.add(
            "territoire", (tid, code, nom, start, densite, "operationnel", created, created, 1)
        )
        await loader.add(
            "territoire_evenement", (rng.uuid(), tid, start, f"Démarrage opérationnel : {nom}")
        )
        fas = rng.uuid()
        await loader.add("structure", structure(fas, "fas", f"FAS {nom}", tid, dept, nom))
        clients.append(await client(f"bench-fas-{t + 1}", f"Scripts FAS {nom}", "fas", fas, tid))
        porteur_id: uuid.UUID | None = None
        territoire_chantiers: list[uuid.UUID] = []
        for k in range(CHANTIERS_PER_TERRITOIRE):
            cid = rng.uuid()
            index = len(chantiers)
            postes = rng.randint(12, 40)
            activite = ACTIVITES[k % len(ACTIVITES)]
            await loader.add(
                "structure",
                structure(
                    cid, "chantier", f"{activite} {nom} {k + 1}", tid, dept, nom,
                    porteur=k == 0, postes=postes, activites=[activite],
                ),
            )  # fmt: skip
            chantier = Chantier(cid, index, t, postes)
            chantiers.append(chantier)
            territoire_chantiers.append(cid)
            if k == 0:
                porteur_id = cid
            for j in range(ACCOMPAGNATEURS_PER_CHANTIER):
                uid = await user(f"acc{index + 1}-{j + 1}", "accompagnateur", cid)
                chantier.accompagnateurs.append(uid)
                staff.append((uid, index))
            chantier.direction = await user(f"dir{index + 1}", "direction_chantier", cid)
            await user(f"enc{index + 1}", "encadrant_technique", cid)
        assert porteur_id is not None
        await user(f"coord{t + 1}", "coordinateur", porteur_id, tid)
        await user(f"partenariat{t + 1}", "charge_partenariat", porteur_id, tid)
        for p in range(PARTENAIRES_PER_TERRITOIRE):
            type_partenaire, domaines, label = PARTENAIRE_TYPES[p % len(PARTENAIRE_TYPES)]
            pid = rng.uuid()
            await loader.add(
                "structure",
                structure(
                    pid, "partenaire", f"{label} {nom} {p // len(PARTENAIRE_TYPES) + 1}", tid,
                    dept, nom, type_partenaire=type_partenaire,
                    engagement="engage" if rng.chance(0.8) else "contact",
                ),
            )  # fmt: skip
            for d in domaines:
                await loader.add("structure_domaine", (pid, d))
                partners_by_domaine[(t, d)].append(pid)
            await loader.add("structure_territoire", (pid, tid))
            partners_by_territoire[t].append((pid, domaines))
            global_index = t * PARTENAIRES_PER_TERRITOIRE + p + 1
            partner_client[pid] = await client(
                f"bench-partenaire-{global_index}", f"Logiciel {label}", "partenaire", pid, tid
            )
            clients.append(partner_client[pid])
        # Conventions: the territoire's coordination and each chantier's mise en oeuvre.
        signed = start - timedelta(days=60)
        echeance = add_months(today, 24)
        conv = rng.uuid()
        await loader.add(
            "convention",
            (conv, "coordination", f"Coordination Convergence – {nom}", tid, "active", signed,
             signed, echeance, dumps([{"libelle": "Salariés accompagnés par an", "cible": 40}]),
             created, created, 3),
        )  # fmt: skip
        for sid, role in ((national, "signataire"), (porteur_id, "porteur"), (fas, "signataire")):
            await loader.add("convention_partie", (conv, sid, role))
        for cid in territoire_chantiers[1:]:
            conv = rng.uuid()
            await loader.add(
                "convention",
                (conv, "mise_en_oeuvre", f"Mise en œuvre – chantier {cid.hex[:6]}", tid,
                 "active", signed, signed, echeance,
                 dumps([{"libelle": "Postes Convergence", "cible": 10}]), created, created, 3),
            )  # fmt: skip
            for sid, role in (
                (national, "signataire"),
                (porteur_id, "porteur"),
                (cid, "signataire"),
            ):
                await loader.add("convention_partie", (conv, sid, role))
    return Network(
        territoires, starts, chantiers, partners_by_territoire, partners_by_domaine,
        partner_client, staff, clients, user_names,
    )  # fmt: skip


# --- one person's pathway --------------------------------------------------------------------


@dataclass
class Life:
    """The shape of one parcours, decided before any row is written."""

    salarie: uuid.UUID
    parcours: uuid.UUID
    chantier: Chantier
    referent: uuid.UUID
    entree: date
    start: date | None
    sortie: date | None
    statut: str
    cloture: date | None
    categorie: CategorieSortie | None
    motif: MotifSortie | None
    logement_sortie: SituationLogement | None
    suivis: bool

    @property
    def end(self) -> date:
        """Last day of activity in the chantier."""
        return self.sortie or TODAY

    @property
    def last_contact(self) -> date:
        return self.cloture or TODAY


TODAY = date.today()


def plan_life(rng: Rng, net: Network, today: date, window_start: date) -> Life:
    weights = [c.postes for c in net.chantiers]
    chantier = rng.choices(net.chantiers, weights=weights)[0]
    earliest = max(window_start, net.territoire_start[chantier.territoire])
    entree = rng.day_between(earliest, today - timedelta(days=3))
    months = min(59.0, max(2.0, rng.lognormvariate(math.log(16), 0.6)))
    planned = entree + timedelta(days=int(months * 30.4))
    referent = rng.choice(chantier.accompagnateurs)
    salarie, parcours = rng.uuid(), rng.uuid()
    if planned > today - timedelta(days=2):
        age = (today - entree).days
        if age < 14:
            return Life(salarie, parcours, chantier, referent, entree, None, None, "accueil",
                        None, None, None, None, False)  # fmt: skip
        statut = "suspendu" if rng.chance(0.05) else "en_cours"
        start = entree + timedelta(days=14)
        return Life(salarie, parcours, chantier, referent, entree, start, None, statut,
                    None, None, None, None, False)  # fmt: skip
    start = entree + timedelta(days=14)
    sortie = max(planned, start + timedelta(days=30))
    categorie = rng.choices([c for c, _ in CATEGORIES], weights=[w for _, w in CATEGORIES])[0]
    motif = rng.choice(MOTIFS_BY_CATEGORY[categorie])
    dynamique = categorie not in (CategorieSortie.autre_sortie, CategorieSortie.retrait)
    loge = rng.chance(0.65 if dynamique else 0.37)
    logement = rng.choice(LOGEMENT_LOGE if loge else LOGEMENT_NON_LOGE)
    suivis = categorie in EMPLOI or groupe(logement) in EN_LOGEMENT
    if suivis:
        twelve = add_months(sortie, 12)
        if twelve <= today - timedelta(days=10):
            statut, cloture = "clos", min(today, twelve + timedelta(days=rng.randint(0, 6)))
        else:
            statut, cloture = "sorti", None
    elif sortie <= add_months(today, -1):
        statut, cloture = "clos", add_months(sortie, 1)
    else:
        statut, cloture = "sorti", None
    return Life(salarie, parcours, chantier, referent, entree, start, sortie, statut, cloture,
                categorie, motif, logement, suivis)  # fmt: skip


@dataclass
class State:
    """Situations per domaine at one diagnostic: {domaine: (niveau, [codes])}."""

    domaines: dict[str, tuple[int, list[str]]]


def entry_state(rng: Rng, logement: SituationLogement, freins: set[str]) -> State:
    d: dict[str, tuple[int, list[str]]] = {}
    g = groupe(logement).value
    d["logement"] = (max(NIVEAU_LOGEMENT[g], 2 if "logement" in freins else 0), [logement.value])
    coverage = rng.choices(["sans_couverture", "couverture_base", "complementaire"], [4, 4, 2])[0]
    sante = [coverage] + (["medecin_traitant"] if rng.chance(0.2) else [])
    d["sante"] = (rng.choice([2, 3]) if "sante" in freins else 1, sante)
    rights = rng.sample(sorted(DROITS), rng.choice([0, 1, 1, 2, 3]))
    d["droits"] = (rng.choice([2, 3]) if "droits" in freins else 1, sorted(rights))
    projet = rng.choice(["sans_projet", "projet_en_construction"])
    d["emploi"] = (rng.choice([2, 3]) if "emploi" in freins else 1, [projet])
    for domaine, share in OTHER_DOMAINES.items():
        if domaine in freins or rng.chance(share):
            codes = [c for c, _ in SITUATIONS[domaine]]
            d[domaine] = (rng.choice([2, 3]) if domaine in freins else 1, [rng.choice(codes)])
    return State(d)


def improved_state(rng: Rng, entry: State, life: Life, progress: float) -> State:
    """The state at a later diagnostic; progress 1.0 is the exit (or the latest) one."""
    d = dict(entry.domaines)
    if progress >= 1.0 and life.logement_sortie is not None:
        g = groupe(life.logement_sortie).value
        d["logement"] = (NIVEAU_LOGEMENT[g], [life.logement_sortie.value])
    niveau, sante = d["sante"]
    if rng.chance(0.75 * progress):
        better = {"sans_couverture": "couverture_base", "couverture_base": "complementaire"}
        sante = [better.get(sante[0], sante[0]), "medecin_traitant"]
        d["sante"] = (max(0, niveau - 1), sorted(set(sante)))
    niveau, rights = d["droits"]
    if rng.chance(0.75 * progress):
        missing = sorted(DROITS - set(rights))
        gained = rng.sample(missing, min(len(missing), rng.randint(1, 3)))
        d["droits"] = (max(0, niveau - 1), sorted(set(rights) | set(gained)))
    niveau, _ = d["emploi"]
    if life.categorie in EMPLOI and progress >= 1.0:
        d["emploi"] = (0, ["projet_defini"])
    elif rng.chance(0.5 * progress):
        d["emploi"] = (max(0, niveau - 1), ["projet_defini"])
    for domaine in OTHER_DOMAINES:
        if domaine in d and rng.chance(0.5 * progress):
            niveau, codes = d[domaine]
            d[domaine] = (max(0, niveau - 1), codes)
    return State(d)


# --- the generator -------------------------------------------------------------------------


@dataclass
class AuditSubject:
    parcours: str
    salarie_id: uuid.UUID
    salarie: str
    staff: list[str]
    start: date
    end: date


class Generator:
    def __init__(self, loader: Loader, seed: int, scale: float, today: date) -> None:
        self.loader = loader
        self.seed = seed
        self.scale = scale
        self.today = today
        self.now = datetime(today.year, today.month, today.day, 6, tzinfo=UTC)
        self.window_start = add_months(today, -120)
        self.timings: dict[str, float] = {}
        self.net: Network
        global TODAY
        TODAY = today

    async def run(self, part: str, shard: int = 0, shards: int = 1) -> None:
        """`network`: the structures and accounts; `people`: one shard of the people (index
        modulo `shards`); `audit`: the audit trail. Each part rebuilds in memory, without
        loading it, what it needs of the others: the parts run in parallel processes."""
        started = time.perf_counter()
        network_loader = self.loader if part == "network" else NullLoader()
        self.net = await build_network(network_loader, Rng(self.seed), self.scale, self.today)
        if part == "network":
            await self.loader.close()
        elif part == "audit":
            await self.audit(self.audit_subjects(self.plan_lives()))
            await self.loader.close()
        else:
            await self.people(self.plan_lives(), shard, shards)
            await self.loader.close()
        self.timings[part] = time.perf_counter() - started

    def plan_lives(self) -> list[Life]:
        rng = Rng(self.seed * 1_000_003 + 1)
        return [
            plan_life(rng, self.net, self.today, self.window_start)
            for _ in range(_scaled("salaries", self.scale))
        ]

    def audit_subjects(self, lives: list[Life]) -> list[AuditSubject]:
        """The parcours someone worked on during the audit's 12 months."""
        first = self.today - timedelta(days=365)
        return [
            AuditSubject(
                str(life.parcours),
                life.salarie,
                str(life.salarie),
                [str(u) for u in life.chantier.accompagnateurs],
                max(life.entree, first),
                life.cloture or self.today,
            )
            for life in lives
            if (life.cloture or self.today) >= first
        ]

    async def people(self, lives: list[Life], shard: int, shards: int) -> None:
        # Entretiens fill the journal up to its target: a rate per day in the chantier.
        fixed = sum(self._fixed_journal(life) for life in lives)
        active_days = sum(max(0, (life.end - (life.start or life.end)).days) for life in lives)
        target = _scaled("journal", self.scale)
        self.entretien_rate = max(0.0, (target - fixed) / max(1, active_days))
        for index in range(shard, len(lives), shards):
            await self.person(Rng(self.seed * 7_919 + index), index, lives[index])

    @staticmethod
    def _fixed_journal(life: Life) -> int:
        if life.start is None:
            return 1
        days = (life.end - life.start).days
        contracts = days // 121 + 1
        suivis = 4 if life.suivis else 0
        return 2 + contracts + days // 90 + days // 180 + (2 if life.sortie else 0) + suivis

    async def person(self, rng: Rng, index: int, life: Life) -> None:
        add = self.loader.add
        net = self.net
        chantier = life.chantier
        territoire = net.territoires[chantier.territoire]
        created = at(life.entree, rng)
        prenoms, nom = rng.choice(PRENOMS), rng.choice(NOMS)
        naissance = date(1960 + rng.randrange(42), rng.randrange(1, 13), rng.randrange(1, 29))
        recherche = f"{nom} {prenoms}".lower()
        for a, b in (("é", "e"), ("è", "e"), ("ë", "e"), ("ï", "i"), ("ç", "c"), ("œ", "oe")):
            recherche = recherche.replace(a, b)
        recherche = f"{recherche} {index}"
        await add(
            "salarie",
            (life.salarie, territoire, chantier.id, nom, prenoms, naissance,
             rng.choices(["homme", "femme", "autre"], [70, 28, 2])[0],
             telephone(index),
             "CCAS (domiciliation administrative)" if rng.chance(0.5) else None,
             dumps(["français"] + (["arabe"] if rng.chance(0.2) else [])), recherche,
             created, created, 1),
        )  # fmt: skip
        await add(
            "consentement",
            (rng.uuid(), life.salarie, "notice_information", None, False, life.entree,
             life.referent, created),
        )  # fmt: skip
        if rng.chance(0.6):
            await add(
                "consentement",
                (rng.uuid(), life.salarie, "usage_evaluation", None, False, life.entree,
                 life.referent, created),
            )  # fmt: skip
        externes = []
        for _ in range(rng.choice([1, 1, 2])):
            rid = rng.uuid()
            externes.append(rid)
            fonction = rng.choice(["assistant_social", "educateur", "equipe_de_rue", "spip"])
            await add(
                "referent_externe",
                (rid, life.salarie, f"{rng.choice(PRENOMS)} Référent", "Service social de secteur",
                 fonction, life.entree - timedelta(days=90), created, created, 1),
            )  # fmt: skip
        rue = rng.chance(0.75)
        logement_entree = rng.choice(LOGEMENT_RUE if rue else LOGEMENT_AUTRE)
        # Past 24 months (exit, or the running contract's end), a written justification.
        horizon = life.sortie or self.today + timedelta(days=120)
        justified = horizon > add_months(life.entree, 24)
        motif_suspension = (
            rng.choice(["Hospitalisation", "Incarcération"]) if life.statut == "suspendu" else None
        )
        employeur = f"Entreprise {rng.randint(1, 500)}" if life.categorie in EMPLOI else None
        contrat_sortie = (
            "CDI"
            if life.motif == MotifSortie.cdi
            else ("CDD" if life.categorie in EMPLOI else None)
        )
        updated = at(min(life.last_contact, self.today), rng)
        await add(
            "parcours",
            (life.parcours, life.salarie, chantier.id, life.referent, life.entree,
             rng.choice(["maraude", "accueil_de_jour", "siao", "spip", "france_travail", "autre"]),
             rue, rng.randint(3, 120) if rue else None, logement_entree.value, life.statut,
             "Parcours prolongé : consolidation du relogement et des soins." if justified else None,
             motif_suspension, life.sortie, life.motif.value if life.motif else None,
             life.categorie.value if life.categorie else None,
             life.logement_sortie.value if life.logement_sortie else None,
             employeur, contrat_sortie, life.cloture, created, max(created, updated), 3),
        )  # fmt: skip
        await self.journal(
            rng, life, "transition", life.entree, "Entrée dans le parcours (accueil)"
        )
        n_freins = min(6, max(1, round(rng.gauss(FREINS_PER_PARCOURS, 1.0))))
        order = list(CORE_DOMAINES) + rng.sample(sorted(OTHER_DOMAINES), len(OTHER_DOMAINES))
        frein_domaines = (
            set(order[:n_freins]) if rng.chance(0.8) else set(rng.sample(order, n_freins))
        )
        entry = entry_state(rng, logement_entree, frein_domaines)
        if life.start is None:
            if rng.chance(0.5):
                await self.diagnostic(rng, life, "entree", life.entree + timedelta(days=3), entry,
                                      valide=False)  # fmt: skip
            return
        entry_diag = await self.diagnostic(
            rng, life, "entree", life.entree + timedelta(days=7), entry
        )
        if rng.chance(0.03):
            await self.diagnostic(rng, life, "entree", life.entree + timedelta(days=7), entry,
                                  remplace=entry_diag)  # fmt: skip
        await self.journal(rng, life, "transition", life.start, "Démarrage du parcours")
        await self.contrats(rng, life)
        # Suivi diagnostics every six months while in the chantier.
        day, n = add_months(life.start, 6), 0
        while day < life.end:
            n += 1
            progress = min(0.9, n * 0.25)
            await self.diagnostic(
                rng, life, "suivi", day, improved_state(rng, entry, life, progress)
            )
            day = add_months(day, 6)
        final = improved_state(rng, entry, life, 1.0)
        freins = await self.freins(rng, life, entry, final, entry_diag)
        await self.orientations(rng, life, entry, freins, (nom, prenoms, naissance))
        await self.activity(rng, life, externes)
        if life.sortie is not None:
            await self.diagnostic(rng, life, "sortie", life.sortie, final)
            assert life.categorie is not None and life.motif is not None
            assert life.logement_sortie is not None
            await self.journal(
                rng, life, "sortie", life.sortie, "Sortie du chantier",
                details={"motif": life.motif.value, "categorie": life.categorie.value,
                         "logement": life.logement_sortie.value},
            )  # fmt: skip
            await self.suivis(rng, life, final)
            if life.cloture is not None and not life.suivis:
                await self.journal(
                    rng, life, "transition", life.cloture,
                    "Clôture du parcours (un mois après la sortie, sans suivi)", author=False,
                )  # fmt: skip
        if life.statut == "suspendu":
            assert life.start is not None
            suspended = max(life.start, self.today - timedelta(days=20))
            await self.journal(
                rng, life, "transition", suspended, "Suspension du parcours",
                texte=motif_suspension,
            )  # fmt: skip

    async def journal(
        self,
        rng: Rng,
        life: Life,
        type_: str,
        day: date,
        titre: str,
        *,
        texte: str | None = None,
        details: dict[str, Any] | None = None,
        restreint: bool = False,
        author: bool = True,
    ) -> None:
        await self.loader.add(
            "journal_entree",
            (rng.uuid(), life.parcours, type_, day, life.referent if author else None, titre, texte,
             "restreint" if restreint else "normale", dumps(details or {}), at(day, rng)),
        )  # fmt: skip

    async def diagnostic(
        self,
        rng: Rng,
        life: Life,
        etape: str,
        day: date,
        state: State,
        *,
        valide: bool = True,
        remplace: uuid.UUID | None = None,
        suivi: uuid.UUID | None = None,
    ) -> uuid.UUID:
        did = rng.uuid()
        stamp = at(day, rng)
        await self.loader.add(
            "diagnostic",
            (did, life.parcours, etape, day, life.referent, "valide" if valide else "brouillon",
             remplace, suivi, stamp if valide else None, stamp, stamp, 2 if valide else 1),
        )  # fmt: skip
        for domaine, (niveau, codes) in sorted(state.domaines.items()):
            await self.loader.add("diagnostic_domaine", (did, domaine, niveau, dumps(codes), None))
        return did

    async def contrats(self, rng: Rng, life: Life) -> None:
        assert life.start is not None
        hours = Decimal(8)
        debut, previous = life.start, None
        limit = add_months(life.entree, 60)
        while True:
            fin = debut + timedelta(days=120)
            if life.sortie is not None:
                fin = min(fin, life.sortie)
            fin = min(fin, limit)
            if fin <= debut:
                break
            cid = rng.uuid()
            stamp = at(debut, rng)
            await self.loader.add(
                "contrat",
                (cid, life.parcours, "cddi_convergence", debut, fin, hours, previous, stamp,
                 stamp, 1),
            )  # fmt: skip
            await self.journal(
                rng, life, "contrat", debut,
                "Renouvellement de contrat" if previous else "Nouveau contrat",
                details={"contrat_id": str(cid), "date_fin": fin.isoformat(),
                         "heures_hebdo": str(hours)},
            )  # fmt: skip
            previous = cid
            hours = min(Decimal(26), hours + Decimal(rng.choice([2, 4, 6])))
            debut = fin + timedelta(days=1)
            if life.sortie is not None and debut >= life.sortie:
                break
            if life.sortie is None and fin >= self.today:
                break

    async def freins(
        self, rng: Rng, life: Life, entry: State, final: State, diag: uuid.UUID
    ) -> list[tuple[uuid.UUID, str]]:
        out = []
        identified = life.entree + timedelta(days=7)
        for domaine, (niveau, codes) in sorted(entry.domaines.items()):
            if niveau < 2:
                continue
            fid = rng.uuid()
            out.append((fid, domaine))
            better = final.domaines[domaine][0] < niveau
            if life.sortie is not None:
                statut, closed = ("leve" if better else "non_leve"), life.sortie
            else:
                statut = rng.choices(["identifie", "en_traitement", "leve"], [25, 60, 15])[0]
                closed = rng.day_between(identified, self.today) if statut == "leve" else None
            stamp = at(identified, rng)
            objectifs = [rng.choice(OBJECTIFS[domaine])[0]]
            await self.loader.add(
                "frein",
                (fid, life.parcours, domaine, niveau, dumps(codes), dumps(objectifs), statut,
                 identified, closed, diag, stamp, stamp, 1 if closed is None else 2),
            )  # fmt: skip
            for _ in range(rng.poisson(ACTIONS_PER_FREIN)):
                echeance = rng.day_between(
                    identified, min(life.end, self.today) + timedelta(days=30)
                )
                if life.sortie is not None:
                    a_statut = "realisee" if rng.chance(0.7) else "abandonnee"
                else:
                    a_statut = rng.choices(
                        ["prevue", "en_cours", "realisee", "abandonnee"], [30, 30, 35, 5]
                    )[0]
                done = min(echeance, self.today, life.end) if a_statut == "realisee" else None
                await self.loader.add(
                    "action",
                    (rng.uuid(), fid, rng.choice(TYPES_ACTION[domaine])[0], a_statut, echeance,
                     life.referent, done, stamp, stamp, 1),
                )  # fmt: skip
        return out

    async def orientations(
        self,
        rng: Rng,
        life: Life,
        entry: State,
        freins: list[tuple[uuid.UUID, str]],
        identite: tuple[str, str, date],
    ) -> None:
        assert life.start is not None
        net = self.net
        t = life.chantier.territoire
        count = rng.poisson(ORIENTATIONS_PER_PARCOURS)
        consents: dict[uuid.UUID, tuple[date, bool]] = {}
        now = self.now
        prenom, nom, email = net.user_names[life.referent]
        for _ in range(count):
            frein_id: uuid.UUID | None = None
            if freins and rng.chance(0.8):
                frein_id, domaine = rng.choice(freins)
            else:
                domaine = rng.choice(sorted(entry.domaines))
                frein_id = None
            partners = net.partners_by_domaine.get((t, domaine))
            if not partners:
                pid, domaines = rng.choice(net.partners_by_territoire[t])
                domaine, frein_id = domaines[0], None
            else:
                pid = rng.choice(partners)
            day = rng.day_between(life.start, min(life.end, self.today))
            created = at(day, rng)
            if created > now:
                created = now - timedelta(hours=rng.randint(1, 48))
            age = now - created
            open_ = life.sortie is None
            if open_ and age < timedelta(days=14):
                statut = rng.choices(
                    ["brouillon", "envoyee", "acceptee", "refusee"], [15, 50, 20, 15]
                )[0]
            elif open_:
                statut = rng.choices(
                    ["brouillon", "acceptee", "realisee", "refusee", "expiree", "annulee",
                     "abandonnee"],
                    [2, 10, 38, 20, 12, 8, 10],
                )[0]  # fmt: skip
            else:
                statut = rng.choices(
                    ["realisee", "refusee", "expiree", "annulee", "abandonnee"],
                    [45, 22, 13, 10, 10],
                )[0]
            oid = rng.uuid()
            client = net.partner_client[pid]
            events: list[tuple[str, datetime, str, uuid.UUID | None]] = [
                ("brouillon", created, "user", life.referent)
            ]
            sent = premiere = closed = None
            realised: date | None = None
            motif_refus = None
            if statut != "brouillon":
                sent = min(
                    now - timedelta(minutes=5), created + timedelta(hours=rng.randint(0, 30))
                )
                events.append(("envoyee", sent, "user", life.referent))
                answer = sent + timedelta(hours=rng.expovariate(1 / 72))
                if statut == "expiree" and sent + timedelta(days=16) > now:
                    statut = "refusee"
                if statut in ("acceptee", "realisee", "abandonnee", "refusee"):
                    if answer > now:
                        answer = now - timedelta(minutes=rng.randint(1, 60))
                        answer = max(answer, sent)
                    premiere = answer
                    first = "refusee" if statut == "refusee" else "acceptee"
                    events.append((first, answer, "client", client))
                    if statut == "refusee":
                        closed = answer
                        motif_refus = rng.choice(
                            ["hors_criteres", "pas_de_place", "personne_injoignable", "autre"]
                        )
                    elif statut == "realisee":
                        closed = min(now, answer + timedelta(days=rng.randint(1, 30)))
                        realised = closed.date()
                        events.append(("realisee", closed, "client", client))
                    elif statut == "abandonnee":
                        closed = min(now, answer + timedelta(days=rng.randint(5, 60)))
                        events.append(("abandonnee", closed, "user", life.referent))
                elif statut == "expiree":
                    closed = sent + timedelta(days=15, hours=rng.randint(1, 20))
                    events.append(("expiree", closed, "systeme", None))
                elif statut == "annulee":
                    closed = min(now, sent + timedelta(days=rng.randint(1, 10)))
                    events.append(("annulee", closed, "user", life.referent))
            partage = sorted(rng.choice([["besoin"], ["besoin", "identite"],
                                         ["besoin", "identite", "situation"]]))  # fmt: skip
            besoin = f"Accompagnement {domaine} à mettre en place."
            donnees: dict[str, Any] | None = None
            if sent is not None:
                donnees = {"besoin": besoin, "referent": f"{prenom} {nom} ({email})"}
                if "identite" in partage:
                    donnees["nom"], donnees["prenoms"] = identite[0], identite[1]
                    donnees["date_naissance"] = identite[2].isoformat()
                if "situation" in partage and domaine != "sante":
                    donnees["situation"] = entry.domaines.get(domaine, (0, []))[1]
            consent_day, sante = consents.get(pid, (day, False))
            consents[pid] = (min(consent_day, day), sante or domaine == "sante")
            updated = events[-1][1]
            await self.loader.add(
                "orientation",
                (oid, life.parcours, life.salarie, frein_id, pid, domaine,
                 f"Orientation {domaine}", rng.choice(["normale"] * 4 + ["urgente"]), besoin,
                 life.referent, life.referent, statut, dumps(partage),
                 dumps(donnees) if donnees is not None else None, sent, premiere, closed,
                 motif_refus, None, realised, created, updated, len(events) + 1),
            )  # fmt: skip
            for ev_statut, ev_at, acteur_type, acteur in events:
                await self.loader.add(
                    "orientation_evenement",
                    (rng.uuid(), oid, ev_statut, ev_at, acteur_type, acteur),
                )
            if sent is not None:
                when = sent
                for m in range(rng.choice([0, 1, 1, 2, 3])):
                    when = min(now, when + timedelta(hours=rng.randint(1, 96)))
                    partner_side = m % 2 == 1
                    await self.loader.add(
                        "orientation_message",
                        (rng.uuid(), oid, "partenaire" if partner_side else "convergence",
                         "client" if partner_side else "user",
                         client if partner_side else life.referent,
                         "Pouvez-vous confirmer le rendez-vous ?" if not partner_side
                         else "Rendez-vous proposé la semaine prochaine.", when),
                    )  # fmt: skip
        for pid, (day, sante) in sorted(consents.items()):
            when = max(life.entree, day - timedelta(days=rng.randint(0, 5)))
            await self.loader.add(
                "consentement",
                (rng.uuid(), life.salarie, "partage_partenaire", pid, sante, when, life.referent,
                 at(when, rng, 7, 8)),
            )  # fmt: skip

    async def activity(self, rng: Rng, life: Life, externes: list[uuid.UUID]) -> None:
        """Entretiens, notes and synthèses over the time in the chantier."""
        assert life.start is not None
        days = (life.end - life.start).days
        for _ in range(rng.poisson(self.entretien_rate * days)):
            day = life.start + timedelta(days=rng.randint(0, max(0, days)))
            await self.journal(
                rng, life, "entretien", day, "Entretien individuel",
                texte=rng.choice(TEXTES_ENTRETIEN),
                details={"type_entretien": "individuel", "participants": []},
            )  # fmt: skip
        for k in range(days // 90):
            day = life.start + timedelta(days=90 * k + rng.randint(0, 89))
            await self.journal(
                rng, life, "note", min(day, life.end), "Situation personnelle",
                texte="Éléments confiés lors de l'entretien, à ne partager qu'au besoin.",
                restreint=rng.chance(0.3),
            )  # fmt: skip
        for k in range(days // 180):
            day = life.start + timedelta(days=180 * k + rng.randint(0, 179))
            await self.journal(
                rng, life, "synthese", min(day, life.end), "Synthèse concertée",
                texte="Point d'étape avec les référents : démarches logement et santé.",
                details={"participants_internes": [], "prochaines_etapes": "Revoir dans 3 mois",
                         "referents_externes": [str(e) for e in externes]},
            )  # fmt: skip

    async def suivis(self, rng: Rng, life: Life, final: State) -> None:
        if not life.suivis:
            return
        assert life.sortie is not None and life.categorie is not None
        for months in (1, 3, 6, 12):
            sid = rng.uuid()
            prevue = add_months(life.sortie, months)
            done = prevue <= self.today - timedelta(days=10)
            realisee = min(self.today, prevue + timedelta(days=rng.randint(0, 6))) if done else None
            if months == 12 and done and life.cloture is not None:
                realisee = life.cloture
            joint = rng.chance(0.8) if done else None
            en_emploi = (rng.chance(0.7 if life.categorie in EMPLOI else 0.3)) if joint else None
            logement = (
                groupe(life.logement_sortie).value if joint and life.logement_sortie else None
            )
            await self.loader.add(
                "suivi_post_sortie",
                (sid, life.parcours, months, prevue, realisee,
                 None if joint is None else ("joint" if joint else "non_joint"), en_emploi,
                 "CDI" if en_emploi and life.motif == MotifSortie.cdi else None, logement),
            )  # fmt: skip
            if realisee is None:
                continue
            await self.journal(
                rng, life, "suivi", realisee, f"Suivi à {months} mois",
                details={"resultat": "joint" if joint else "non_joint", "en_emploi": en_emploi},
            )  # fmt: skip
            if months in (6, 12) and joint:
                await self.diagnostic(rng, life, "post_sortie", realisee, final, suivi=sid)
            if months == 12:
                await self.journal(rng, life, "transition", realisee,
                                   "Clôture du parcours (fin du suivi post-sortie)")  # fmt: skip

    # --- audit: the last 12 months, one valid hash chain ---------------------------------------

    async def audit(self, subjects: list[AuditSubject]) -> None:
        """2 000 000 events per scale over the last 365 days, chained like `audit.record`."""
        rng = Rng(self.seed * 104_729 + 3)
        total = _scaled("audit", self.scale)
        subjects = sorted(subjects, key=lambda s: s.start)
        first_day = self.today - timedelta(days=365)
        # Working days get the traffic; each day's events are drawn, then put in order.
        days = [first_day + timedelta(days=i) for i in range(365)]
        weights = [0.08 if d.weekday() >= 5 else 1.0 for d in days]
        per_weight = total / sum(weights)
        counts = [int(w * per_weight) for w in weights]
        for i in range(total - sum(counts)):
            counts[i % len(counts)] += 1
        clients = [str(c) for c in self.net.clients]
        prev = GENESIS
        event_id = 0
        addresses: dict[str, str] = {}
        pending = 0
        active: list[AuditSubject] = []
        add = self.loader.add
        for day, n in zip(days, counts, strict=True):
            # The parcours someone works on that day: started, not yet closed.
            while pending < len(subjects) and subjects[pending].start <= day:
                active.append(subjects[pending])
                pending += 1
            active = [s for s in active if s.end >= day]
            base = datetime(day.year, day.month, day.day, 7, tzinfo=UTC)
            for second in sorted(rng.randrange(0, 12 * 3600) for _ in range(n)):
                event_id += 1
                occurred = base + timedelta(seconds=second)
                roll = rng.random()
                details: str | None = None
                salarie: str | None = None
                if roll < 0.04 or not active:
                    actor_type, actor = "client", rng.choice(clients)
                    action, object_type, object_id = "login", "api_client", actor
                elif roll < 0.10:
                    subject = rng.choice(active)
                    actor_type, actor = "client", rng.choice(clients)
                    action, object_type = "read", "orientation"
                    object_id, salarie = str(rng.uuid()), subject.salarie
                else:
                    subject = rng.choice(active)
                    actor_type, actor = "user", rng.choice(subject.staff)
                    salarie, object_id = subject.salarie, subject.parcours
                    if roll < 0.40:
                        action, object_type = "read", "parcours"
                    elif roll < 0.55:
                        action, object_type = "read", "journal"
                    elif roll < 0.65:
                        action, object_type = "read", "frein"
                    elif roll < 0.75:
                        action, object_type = "read", "diagnostic"
                    elif roll < 0.85:
                        action, object_type, object_id, salarie = "list", "parcours", None, None
                        details = f'{{"resultats":{rng.randint(5, 50)}}}'
                    elif roll < 0.95:
                        action, object_type, object_id = "create", "journal_entree", str(rng.uuid())
                    else:
                        action, object_type, object_id = "login", "user_account", actor
                        salarie = None
                request_id = f"{rng.getrandbits(128):032x}"
                address = addresses.get(actor)
                if address is None:
                    address = addresses[actor] = (
                        f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                    )
                iso = occurred.isoformat()
                # The payload `_digest` hashes, written out (every value is plain ASCII).
                payload = (
                    f'{{"action":"{action}","actor_id":"{actor}","actor_type":"{actor_type}",'
                    f'"client_address":"{address}","details":{details or "null"},'
                    f'"object_id":{_quoted(object_id)},"object_type":"{object_type}",'
                    f'"occurred_at":"{iso}","request_id":"{request_id}",'
                    f'"salarie_id":{_quoted(salarie)}}}'
                )
                digest = hashlib.sha256(f"{prev}|{payload}".encode()).hexdigest()
                row = (
                    event_id, occurred, actor_type, actor, action, object_type, object_id,
                    salarie, address, request_id, details, event_id, prev, digest,
                )  # fmt: skip
                if event_id <= 50 or event_id % 10_000 == 0:
                    # The product's own digest must agree: the chain stays verifiable.
                    assert _digest(prev, _as_event(row)) == digest, "audit digest drifted"
                prev = digest
                await add("audit_event", row)
        await self.loader.flush("audit_event")
        await self.loader.execute("SELECT setval('audit_event_id_seq', $1)", max(event_id, 1))
        # The history is loaded already sealed, in id order (positions = ids): the sealer
        # continues from its head.
        await self.loader.execute(
            "UPDATE audit_seal SET first_seq = 1, sealed_seq = $1, head_hash = $2, horizon = 0, "
            "sealed_at = now()",
            event_id,
            prev,
        )


def _quoted(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _as_event(row: tuple[Any, ...]) -> AuditEvent:
    values = dict(zip(COLUMNS["audit_event"], row, strict=True))
    if values["details"] is not None:
        values["details"] = json.loads(values["details"])
    for key in ("actor_id", "salarie_id"):
        if values[key] is not None:
            values[key] = uuid.UUID(values[key])
    return AuditEvent(**values)


# --- the command ----------------------------------------------------------------------------


def marker(scale: float, seed: int, today: date) -> dict[str, Any]:
    return {
        "kind": MARKER_KIND,
        "version": GENERATOR_VERSION,
        "scale": scale,
        "seed": seed,
        "today": today.isoformat(),
    }


async def read_marker(dsn: str) -> dict[str, Any] | None:
    """The dataset marker of a database, or None (absent database, or not generated)."""
    try:
        conn = await asyncpg.connect(dsn)
    except (asyncpg.InvalidCatalogNameError, OSError):
        return None
    try:
        text = await conn.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = current_database()"
        )
    finally:
        await conn.close()
    try:
        value = json.loads(text or "")
    except ValueError:
        return None
    return value if isinstance(value, dict) and value.get("kind") == MARKER_KIND else None


INDEX_QUERY = """
SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(i.oid) AS definition
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND NOT x.indisprimary AND NOT x.indisunique
  AND t.relname = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
ORDER BY t.relname, i.relname
"""
BIG_TABLES = [
    "audit_event", "journal_entree", "diagnostic_domaine", "diagnostic", "action", "frein",
    "orientation", "orientation_evenement", "orientation_message", "contrat", "consentement",
    "salarie", "parcours", "suivi_post_sortie", "referent_externe",
]  # fmt: skip


async def load(url: str, scale: float, seed: int, today: date, drop_indexes: bool) -> None:
    """Migrate, drop the big tables' secondary indexes, generate (people here, audit in a
    second process), recreate the indexes, check the foreign keys, VACUUM ANALYZE, mark."""
    dsn = asyncpg_dsn(url)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    await asyncio.to_thread(upgrade, url)
    timings["migrations"] = time.perf_counter() - started
    conn = await asyncpg.connect(dsn)
    try:
        if await conn.fetchval("SELECT count(*) FROM territoire"):
            raise SystemExit("The database is not empty: generate into a new database.")
        dropped: list[tuple[str, str, str]] = []
        if drop_indexes:
            dropped = [tuple(r) for r in await conn.fetch(INDEX_QUERY, BIG_TABLES)]
            for name, _table, _definition in dropped:
                await conn.execute(f'DROP INDEX "{name}"')
        began = time.perf_counter()
        common = ["--scale", f"{scale:g}", "--seed", str(seed), "--today", today.isoformat()]
        common += ["--database-url", url]
        parts = [["--part", "audit"]] + [
            ["--part", "people", "--shard", str(i), "--shards", str(PEOPLE_SHARDS)]
            for i in range(PEOPLE_SHARDS)
        ]
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.generate",
                *part,
                *common,
                stdout=asyncio.subprocess.PIPE,
            )
            for part in parts
        ]
        loader = Loader(dsn)
        generator = Generator(loader, seed, scale, today)
        await generator.run("network")
        timings["generate+copy network"] = generator.timings["network"]
        for part, process in zip(parts, processes, strict=True):
            output, _ = await process.communicate()
            if process.returncode:
                raise SystemExit(f"The generation failed: {' '.join(part)}")
            stats = json.loads(output)
            timings[f"generate+copy {' '.join(part[1::2])}"] = stats["seconds"]
            loader.rows.update(stats["rows"])
            loader.copy_seconds.update(stats["copy_seconds"])
        timings["generation (wall, parts in parallel)"] = time.perf_counter() - began
        if dropped:
            began = time.perf_counter()
            await _recreate(dsn, [definition for _n, _t, definition in dropped])
            timings["recreate indexes"] = time.perf_counter() - began
        began = time.perf_counter()
        dangling = []
        for child, column, parent in FOREIGN_KEYS:
            exists = f'SELECT 1 FROM "{parent}" p WHERE p.id = c."{column}"'  # noqa: S608
            query = f'SELECT count(*) FROM "{child}" c WHERE c."{column}" IS NOT NULL'  # noqa: S608
            missing = await conn.fetchval(f"{query} AND NOT EXISTS ({exists})")
            if missing:
                dangling.append(f"{child}.{column}: {missing}")
        timings["foreign key check"] = time.perf_counter() - began
        if dangling:
            raise SystemExit("Dangling foreign keys: " + ", ".join(dangling))
        began = time.perf_counter()
        # The statistical records the indicators read, as the product keeps them on commit.
        await statistical_records(url)
        timings["statistical records"] = time.perf_counter() - began
        began = time.perf_counter()
        # The steady state autovacuum gives a live database: statistics and visibility map.
        await conn.execute("VACUUM (ANALYZE)")
        timings["vacuum analyze"] = time.perf_counter() - began
        comment = json.dumps(marker(scale, seed, today)).replace("'", "''")
        dbname = await conn.fetchval("SELECT current_database()")
        await conn.execute(f"COMMENT ON DATABASE \"{dbname}\" IS '{comment}'")
    finally:
        await conn.close()
    total = time.perf_counter() - started
    print(f"\nDataset scale={scale:g} seed={seed} today={today} loaded in {total:.1f} s")
    print(f"{'table':<24}{'rows':>12}{'COPY s':>10}")
    for table in sorted(loader.rows, key=lambda t: -loader.rows[t]):
        print(f"{table:<24}{loader.rows[table]:>12,}{loader.copy_seconds[table]:>10.1f}")
    rows = sum(loader.rows.values())
    print(f"{'total rows':<24}{rows:>12,}")
    print("(COPY s: time the table's COPY commands took, overlapped with the generation)")
    print("\nphases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))


async def load_for_indicators(url: str, scale: float, seed: int, today: date) -> None:
    """The rows the indicators read, in this process: migrations, the network, the people,
    their statistical records. No audit trail, no index drop, no second process: a small
    dataset for the tests (`tests/indicateurs/test_secret_genere.py`) in a few seconds. The
    same --seed, --scale and --today give the same people as `load`."""
    await asyncio.to_thread(upgrade, url)
    for part in ("network", "people"):
        await Generator(Loader(asyncpg_dsn(url)), seed, scale, today).run(part)
    await statistical_records(url)


async def statistical_records(url: str) -> None:
    from sqlalchemy.ext.asyncio import AsyncSession

    from api.core.db import make_engine
    from api.statistiques.service import rebuild

    engine = make_engine(url)
    try:
        async with AsyncSession(engine) as session, session.begin():
            await rebuild(session)
    finally:
        await engine.dispose()


async def _recreate(dsn: str, definitions: list[str], parallel: int = 2) -> None:
    """CREATE INDEX on two connections at once (one per core of a small machine)."""
    queue = list(definitions)

    async def work() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("SET maintenance_work_mem = '256MB'")
            while queue:
                await conn.execute(queue.pop(0))
        finally:
            await conn.close()

    await asyncio.gather(*(work() for _ in range(parallel)))


async def one_part(
    url: str, scale: float, seed: int, today: date, part: str, shard: int, shards: int
) -> None:
    started = time.perf_counter()
    loader = Loader(asyncpg_dsn(url))
    await Generator(loader, seed, scale, today).run(part, shard, shards)
    print(
        json.dumps(
            {
                "rows": dict(loader.rows),
                "copy_seconds": dict(loader.copy_seconds),
                "seconds": time.perf_counter() - started,
            }
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="COPY into the migrated indexes instead of dropping and recreating them",
    )
    parser.add_argument(
        "--part", choices=["all", "audit", "people"], default="all", help=argparse.SUPPRESS
    )
    parser.add_argument("--shard", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--shards", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.part != "all":
        asyncio.run(
            one_part(
                args.database_url, args.scale, args.seed, args.today, args.part, args.shard,
                args.shards,
            )
        )  # fmt: skip
        return
    asyncio.run(load(args.database_url, args.scale, args.seed, args.today, not args.keep_indexes))


if __name__ == "__main__":
    main()
