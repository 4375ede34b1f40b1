"""Demo data for `make run`: a living programme, with obviously fictitious people."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditContext
from api.core.auth import Actor, Role, Scope
from api.core.security import hash_password
from api.identity import service as identity
from api.identity.models import UserAccount
from api.identity.schemas import ClientApiCreate
from api.structures.models import Domaine, Structure, TypePartenaire, TypeStructure
from api.territoires.models import Densite, StatutTerritoire, Territoire

logger = logging.getLogger("convergence.demo")

# The territoires of the brochure, with their start of operations.
TERRITOIRES: list[tuple[str, str, date, Densite]] = [
    ("paris", "Paris", date(2012, 9, 1), Densite.dense),
    ("grand-lyon", "Grand Lyon", date(2019, 9, 1), Densite.dense),
    ("lille", "Lille", date(2021, 3, 1), Densite.dense),
    ("nantes", "Nantes", date(2021, 4, 1), Densite.dense),
    ("strasbourg", "Strasbourg", date(2021, 6, 1), Densite.dense),
    ("charente", "Charente", date(2021, 9, 1), Densite.peu_dense),
    ("marseille", "Marseille", date(2022, 3, 1), Densite.dense),
    ("rouen", "Rouen", date(2022, 5, 1), Densite.dense),
]


def demo_siret(serial: int) -> str:
    """A 14-digit SIRET passing the Luhn check, in a range no real company uses (999...)."""
    base = f"999{serial:010d}"
    for check in range(10):
        candidate = base + str(check)
        total = 0
        for index, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable: one check digit always fits")


@dataclass(frozen=True)
class DemoStructure:
    type: TypeStructure
    nom: str
    territoire: str | None
    commune: str | None = None
    code_postal: str | None = None
    porteur: bool = False
    postes: int | None = None
    type_partenaire: TypePartenaire | None = None
    domaines: tuple[Domaine, ...] = ()


STRUCTURES: list[DemoStructure] = [
    DemoStructure(TypeStructure.convergence_france, "Convergence France", None, "Paris", "75011"),
    DemoStructure(TypeStructure.fas, "FAS Île-de-France", "paris", "Paris", "75010"),
    DemoStructure(TypeStructure.fas, "FAS Auvergne-Rhône-Alpes", "grand-lyon", "Lyon", "69007"),
    DemoStructure(
        TypeStructure.chantier,
        "Ateliers de Belleville",
        "paris",
        "Paris",
        "75019",
        porteur=True,
        postes=40,
    ),
    DemoStructure(
        TypeStructure.chantier, "Ressourcerie du Canal", "paris", "Paris", "75010", postes=18
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Jardins de la Petite Ceinture",
        "paris",
        "Paris",
        "75020",
        postes=12,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Atelier Rhône Insertion",
        "grand-lyon",
        "Lyon",
        "69003",
        porteur=True,
        postes=30,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Potagers de Vaulx",
        "grand-lyon",
        "Vaulx-en-Velin",
        "69120",
        postes=14,
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "SIAO de Paris",
        "paris",
        "Paris",
        "75013",
        type_partenaire=TypePartenaire.siao,
        domaines=(Domaine.logement,),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "PASS hospitalière Saint-Martin",
        "paris",
        "Paris",
        "75010",
        type_partenaire=TypePartenaire.pass_hospitaliere,
        domaines=(Domaine.sante,),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "CCAS du 19e arrondissement",
        "paris",
        "Paris",
        "75019",
        type_partenaire=TypePartenaire.ccas,
        domaines=(Domaine.droits, Domaine.finances),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "France Travail Paris Belleville",
        "paris",
        "Paris",
        "75020",
        type_partenaire=TypePartenaire.france_travail,
        domaines=(Domaine.emploi,),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "CSAPA Les Tilleuls",
        "grand-lyon",
        "Lyon",
        "69008",
        type_partenaire=TypePartenaire.csapa,
        domaines=(Domaine.sante,),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "Mission locale Lyon Confluence",
        "grand-lyon",
        "Lyon",
        "69002",
        type_partenaire=TypePartenaire.mission_locale,
        domaines=(Domaine.emploi, Domaine.mobilite),
    ),
    DemoStructure(
        TypeStructure.partenaire,
        "Habitat Rhône Solidaire",
        "grand-lyon",
        "Lyon",
        "69007",
        type_partenaire=TypePartenaire.bailleur_social,
        domaines=(Domaine.logement,),
    ),
    DemoStructure(TypeStructure.financeur, "Fonds Inclusion Démo", None, "Paris", "75007"),
    DemoStructure(TypeStructure.evaluateur, "Cabinet Évaluation Démo", None, "Lyon", "69001"),
]


async def is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(func.count()).select_from(Territoire))


async def seed_demo(session: AsyncSession) -> dict[str, int]:
    """Load the demo programme into an empty database; returns counts of what was created."""
    territoires: dict[str, Territoire] = {}
    for code, nom, start, densite in TERRITOIRES:
        territoire = Territoire(
            code=code,
            nom=nom,
            date_demarrage=start,
            densite=densite,
            statut=StatutTerritoire.operationnel,
        )
        session.add(territoire)
        territoires[code] = territoire
    await session.flush()
    for serial, spec in enumerate(STRUCTURES, start=1):
        session.add(
            Structure(
                type=spec.type,
                nom=spec.nom,
                siret=demo_siret(serial),
                territoire_id=territoires[spec.territoire].id if spec.territoire else None,
                commune=spec.commune,
                code_postal=spec.code_postal,
                porteur_coordination=spec.porteur,
                nombre_postes=spec.postes,
                type_partenaire=spec.type_partenaire,
                domaines=[d.value for d in spec.domaines],
            )
        )
    await session.flush()
    counts = {"territoires": len(TERRITOIRES), "structures": len(STRUCTURES)}
    counts |= await seed_accounts(session)
    return counts


# --- accounts ------------------------------------------------------------------------------

DEMO_PASSWORD = "Demo-Convergence-2026"
DEMO_EMAIL_DOMAIN = "demo.example.org"


@dataclass(frozen=True)
class DemoUser:
    login: str
    prenom: str
    nom: str
    role: str
    structure: str
    territoires: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.login}@{DEMO_EMAIL_DOMAIN}"


DEMO_USERS: list[DemoUser] = [
    DemoUser("admin", "Alex", "Exemple", "admin_national", "Convergence France"),
    DemoUser(
        "coordinateur.paris",
        "Claude",
        "Fictif",
        "coordinateur",
        "Ateliers de Belleville",
        ("paris",),
    ),
    DemoUser(
        "coordinateur.lyon",
        "Dominique",
        "Fictif",
        "coordinateur",
        "Atelier Rhône Insertion",
        ("grand-lyon",),
    ),
    DemoUser(
        "partenariat.paris",
        "Sacha",
        "Modèle",
        "charge_partenariat",
        "Ateliers de Belleville",
        ("paris",),
    ),
    DemoUser(
        "partenariat.lyon",
        "Maxime",
        "Modèle",
        "charge_partenariat",
        "Atelier Rhône Insertion",
        ("grand-lyon",),
    ),
    DemoUser("direction.paris", "Morgan", "Essai", "direction_chantier", "Ateliers de Belleville"),
    DemoUser("direction.lyon", "Charlie", "Essai", "direction_chantier", "Atelier Rhône Insertion"),
    DemoUser("accompagnateur.paris", "Camille", "Démo", "accompagnateur", "Ateliers de Belleville"),
    DemoUser("accompagnateur.canal", "Noa", "Démo", "accompagnateur", "Ressourcerie du Canal"),
    DemoUser("accompagnateur.lyon", "Eden", "Démo", "accompagnateur", "Atelier Rhône Insertion"),
    DemoUser("encadrant.paris", "Jo", "Test", "encadrant_technique", "Ateliers de Belleville"),
    DemoUser("encadrant.lyon", "Lou", "Test", "encadrant_technique", "Atelier Rhône Insertion"),
    DemoUser("partenaire.siao", "Andrea", "Placeholder", "partenaire", "SIAO de Paris"),
    DemoUser("partenaire.csapa", "Ariel", "Placeholder", "partenaire", "CSAPA Les Tilleuls"),
    DemoUser("fas.idf", "Robin", "Fantaisie", "fas", "FAS Île-de-France", ("paris",)),
    DemoUser("fas.aura", "Sasha", "Fantaisie", "fas", "FAS Auvergne-Rhône-Alpes", ("grand-lyon",)),
    DemoUser("financeur", "Yael", "Imaginaire", "financeur", "Fonds Inclusion Démo"),
    DemoUser("evaluateur", "Kim", "Imaginaire", "evaluateur", "Cabinet Évaluation Démo"),
]


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def demo_client_id(structure_nom: str) -> str:
    return f"demo-{_slug(structure_nom)}"


def demo_client_secret(structure_nom: str) -> str:
    return f"cs_demo_{_slug(structure_nom).replace('-', '_')}"


async def seed_accounts(session: AsyncSession) -> dict[str, int]:
    """One user per role (chantier roles in two territoires), one API client per partner/FAS."""
    structures = {s.nom: s for s in (await session.scalars(select(Structure))).all()}
    territoires = {t.code: t for t in (await session.scalars(select(Territoire))).all()}
    password_hash = hash_password(DEMO_PASSWORD)
    admin_id = None
    for spec in DEMO_USERS:
        user = UserAccount(
            email=spec.email,
            prenom=spec.prenom,
            nom=spec.nom,
            role=Role(spec.role),
            structure_id=structures[spec.structure].id,
            password_hash=password_hash,
            actif=True,
            totp_active=False,
        )
        user.territoires = [territoires[code] for code in spec.territoires]
        session.add(user)
        await session.flush()
        if spec.role == "admin_national":
            admin_id = user.id
    assert admin_id is not None
    admin = Actor(
        kind="user",
        id=admin_id,
        role=Role.admin_national,
        structure_id=structures["Convergence France"].id,
    )
    context = AuditContext("systeme", None)
    clients = 0
    for structure in structures.values():
        if structure.type not in (TypeStructure.partenaire, TypeStructure.fas):
            continue
        scopes = (
            [Scope.orientations_read, Scope.orientations_write]
            if structure.type == TypeStructure.partenaire
            else [Scope.indicateurs_read, Scope.exports_read]
        )
        client, _secret = await identity.create_client(
            session,
            admin,
            context,
            ClientApiCreate(
                nom=f"Logiciel de {structure.nom}", structure_id=structure.id, scopes=scopes
            ),
            secret=demo_client_secret(structure.nom),
        )
        client.client_id = demo_client_id(structure.nom)
        clients += 1
    await session.flush()
    return {"utilisateurs": len(DEMO_USERS), "clients_api": clients}


def demo_accounts() -> dict[str, object]:
    """What `convergence demo-accounts --json` prints (demo mode only)."""
    return {
        "mot_de_passe": DEMO_PASSWORD,
        "utilisateurs": [
            {
                "email": u.email,
                "role": u.role,
                "structure": u.structure,
                "territoires": list(u.territoires),
            }
            for u in DEMO_USERS
        ],
        "clients_api": [
            {
                "client_id": demo_client_id(s.nom),
                "client_secret": demo_client_secret(s.nom),
                "structure": s.nom,
                "type": s.type.value,
            }
            for s in STRUCTURES
            if s.type in (TypeStructure.partenaire, TypeStructure.fas)
        ],
    }
