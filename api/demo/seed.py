"""Demo data for `make run`: a living programme, with obviously fictitious people."""

from __future__ import annotations

import io
import logging
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.conventions import service as conventions
from api.conventions.schemas import (
    ConventionCreate,
    Objectif,
    PartieIn,
    ResiliationIn,
    SignatureIn,
)
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.security import hash_password
from api.core.storage import DocumentStore
from api.demo.candidatures import seed_candidatures
from api.demo.connecteurs import seed_connecteurs
from api.demo.history import seed_history
from api.demo.people import seed_people
from api.identity import service as identity
from api.identity.models import UserAccount
from api.identity.schemas import ClientApiCreate
from api.referentiel import (
    Densite,
    Domaine,
    Engagement,
    Role,
    Scope,
    StatutTerritoire,
    TypePartenaire,
    TypeStructure,
)
from api.structures.models import Structure
from api.territoires.models import Territoire, TerritoireEvenement

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
    activites: tuple[str, ...] = ()


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
    # The other territoires of the brochure: each its porteur and its regional FAS.
    DemoStructure(
        TypeStructure.chantier,
        "Atelier des Flandres",
        "lille",
        "Lille",
        "59000",
        porteur=True,
        postes=20,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Chantier de l'Erdre",
        "nantes",
        "Nantes",
        "44000",
        porteur=True,
        postes=18,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Ateliers du Rhin",
        "strasbourg",
        "Strasbourg",
        "67000",
        porteur=True,
        postes=16,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Jardins de la Charente",
        "charente",
        "Angoulême",
        "16000",
        porteur=True,
        postes=8,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Recyclerie du Vieux-Port",
        "marseille",
        "Marseille",
        "13002",
        porteur=True,
        postes=22,
    ),
    DemoStructure(
        TypeStructure.chantier,
        "Atelier Seine Insertion",
        "rouen",
        "Rouen",
        "76000",
        porteur=True,
        postes=12,
    ),
    DemoStructure(TypeStructure.fas, "FAS Hauts-de-France", "lille", "Lille", "59000"),
    DemoStructure(TypeStructure.fas, "FAS Pays de la Loire", "nantes", "Nantes", "44000"),
    DemoStructure(TypeStructure.fas, "FAS Grand Est", "strasbourg", "Strasbourg", "67000"),
    DemoStructure(TypeStructure.fas, "FAS Nouvelle-Aquitaine", "charente", "Angoulême", "16000"),
    DemoStructure(
        TypeStructure.fas, "FAS Provence-Alpes-Côte d'Azur", "marseille", "Marseille", "13001"
    ),
    DemoStructure(TypeStructure.fas, "FAS Normandie", "rouen", "Rouen", "76000"),
]

# The brochure's "Historique", on the territoires it concerns.
EVENEMENTS: list[tuple[str, date, str]] = [
    ("paris", date(2012, 1, 1), "Création d'Emmaüs Défi et première expérimentation Convergence"),
    ("paris", date(2015, 6, 1), "Première évaluation"),
    (
        "paris",
        date(2016, 1, 1),
        "Deuxième expérimentation et déploiement sur le territoire parisien",
    ),
    ("paris", date(2018, 6, 1), "Deuxième évaluation"),
    ("paris", date(2019, 3, 1), "Création de Convergence France et convention avec la DGEFP"),
    (
        "grand-lyon",
        date(2018, 10, 1),
        "Stratégie Pauvreté : essaimage sur sept nouveaux territoires",
    ),
    ("grand-lyon", date(2019, 9, 1), "Démarrage opérationnel sur la Métropole du Grand Lyon"),
    ("lille", date(2021, 3, 1), "Démarrage opérationnel sur la Métropole de Lille"),
    ("nantes", date(2021, 4, 1), "Démarrage opérationnel sur Nantes Métropole"),
    ("strasbourg", date(2021, 6, 1), "Démarrage opérationnel sur l'Eurométropole de Strasbourg"),
    ("charente", date(2021, 9, 1), "Expérimentation en territoire moins dense en Charente"),
    ("marseille", date(2022, 3, 1), "Démarrage opérationnel à Marseille"),
    ("rouen", date(2022, 5, 1), "Démarrage opérationnel à Rouen"),
]


async def is_empty(session: AsyncSession) -> bool:
    return not await session.scalar(select(func.count()).select_from(Territoire))


async def seed_demo(session: AsyncSession, store: DocumentStore) -> dict[str, int]:
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
                territoires_servis=(
                    [territoires[spec.territoire]]
                    if spec.type == TypeStructure.partenaire and spec.territoire
                    else []
                ),
                engagement=Engagement.contact if spec.type == TypeStructure.partenaire else None,
                activites_support=list(spec.activites),
                contacts=[],
            )
        )
    for code, when, libelle in EVENEMENTS:
        session.add(
            TerritoireEvenement(territoire_id=territoires[code].id, date=when, libelle=libelle)
        )
    await session.flush()
    counts = {"territoires": len(TERRITOIRES), "structures": len(STRUCTURES)}
    counts |= await seed_accounts(session)
    counts |= await seed_conventions(session, store)
    counts |= await seed_people(session)
    counts |= await seed_history(session)
    counts |= await seed_connecteurs(session)
    counts |= await seed_candidatures(session)
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


# --- conventions ---------------------------------------------------------------------------


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF standing for a signed convention."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


async def seed_conventions(session: AsyncSession, store: DocumentStore) -> dict[str, int]:
    """Conventions in every statut, one expiring within 90 days, through the real rules."""
    structures = {s.nom: s for s in (await session.scalars(select(Structure))).all()}
    territoires = {t.code: t for t in (await session.scalars(select(Territoire))).all()}
    admin_id = await session.scalar(
        select(UserAccount.id).where(UserAccount.role == Role.admin_national)
    )
    assert admin_id is not None
    admin = Actor(
        kind="user",
        id=admin_id,
        role=Role.admin_national,
        structure_id=structures["Convergence France"].id,
    )
    context = AuditContext("systeme", None)
    today = date.today()
    cf = structures["Convergence France"].id
    created: list[uuid.UUID] = []

    def parties(*items: tuple[str, str]) -> list[PartieIn]:
        return [PartieIn(structure_id=structures[nom].id, role=role) for nom, role in items]

    async def make(
        type_: str,
        titre: str,
        territoire: str | None,
        items: list[PartieIn],
        statut: str,
        signed: date | None = None,
        echeance: date | None = None,
        objectifs: list[Objectif] | None = None,
    ) -> None:
        convention = await conventions.create_convention(
            session,
            admin,
            context,
            ConventionCreate(
                type=type_,
                titre=titre,
                territoire_id=territoires[territoire].id if territoire else None,
                date_echeance=echeance,
                parties=items,
                objectifs=objectifs or [],
            ),
        )
        created.append(convention.id)
        if statut == "brouillon":
            return
        await conventions.send_for_signature(session, admin, context, convention.id)
        if statut == "en_signature":
            return
        await conventions.sign(
            session,
            admin,
            context,
            convention.id,
            SignatureIn(date_signature=signed or today - timedelta(days=400)),
        )
        if type_ == "coordination":
            pdf = demo_pdf(f"{titre} - exemplaire signe (document de demonstration)")
            await conventions.add_document(
                session,
                admin,
                context,
                store,
                convention.id,
                filename="convention-signee.pdf",
                source=io.BytesIO(pdf),
                max_bytes=len(pdf),
            )
        if statut == "resiliee":
            await conventions.terminate(
                session,
                admin,
                context,
                convention.id,
                ResiliationIn(
                    date_resiliation=today - timedelta(days=30),
                    motif="Fin de l'activité du partenaire sur le territoire",
                ),
            )

    in_three_years = today + timedelta(days=3 * 365)
    await make(
        "nationale",
        "Convention nationale Convergence France – financeur",
        None,
        [
            PartieIn(structure_id=cf, role="signataire"),
            *parties(("Fonds Inclusion Démo", "financeur")),
        ],
        "active",
        echeance=in_three_years,
    )
    for code, porteur, fas in [
        ("paris", "Ateliers de Belleville", "FAS Île-de-France"),
        ("grand-lyon", "Atelier Rhône Insertion", "FAS Auvergne-Rhône-Alpes"),
        ("lille", "Atelier des Flandres", "FAS Hauts-de-France"),
        ("nantes", "Chantier de l'Erdre", "FAS Pays de la Loire"),
        ("strasbourg", "Ateliers du Rhin", "FAS Grand Est"),
        ("charente", "Jardins de la Charente", "FAS Nouvelle-Aquitaine"),
        ("marseille", "Recyclerie du Vieux-Port", "FAS Provence-Alpes-Côte d'Azur"),
    ]:
        await make(
            "coordination",
            f"Coordination Convergence – {territoires[code].nom}",
            code,
            [
                PartieIn(structure_id=cf, role="signataire"),
                *parties((porteur, "porteur"), (fas, "signataire")),
            ],
            "active",
            echeance=in_three_years,
            objectifs=[Objectif(libelle="Salariés accompagnés par an", cible=40)],
        )
    # Rouen's coordination is still being signed.
    await make(
        "coordination",
        "Coordination Convergence – Rouen",
        "rouen",
        [
            PartieIn(structure_id=cf, role="signataire"),
            *parties(("Atelier Seine Insertion", "porteur"), ("FAS Normandie", "signataire")),
        ],
        "en_signature",
        echeance=in_three_years,
    )
    for code, porteur, chantier, statut in [
        ("paris", "Ateliers de Belleville", "Ressourcerie du Canal", "active"),
        ("paris", "Ateliers de Belleville", "Jardins de la Petite Ceinture", "brouillon"),
        ("grand-lyon", "Atelier Rhône Insertion", "Potagers de Vaulx", "active"),
    ]:
        await make(
            "mise_en_oeuvre",
            f"Mise en œuvre – {chantier}",
            code,
            [
                PartieIn(structure_id=cf, role="signataire"),
                *parties((porteur, "porteur"), (chantier, "signataire")),
            ],
            statut,
            echeance=in_three_years,
            objectifs=[Objectif(libelle="Postes Convergence", cible=10)],
        )
    for code, porteur, partenaire, statut, echeance in [
        ("paris", "Ateliers de Belleville", "SIAO de Paris", "active", in_three_years),
        (
            "paris",
            "Ateliers de Belleville",
            "CCAS du 19e arrondissement",
            "active",
            today + timedelta(days=45),
        ),
        (
            "paris",
            "Ateliers de Belleville",
            "PASS hospitalière Saint-Martin",
            "en_signature",
            in_three_years,
        ),
        ("grand-lyon", "Atelier Rhône Insertion", "CSAPA Les Tilleuls", "active", in_three_years),
        (
            "grand-lyon",
            "Atelier Rhône Insertion",
            "Habitat Rhône Solidaire",
            "resiliee",
            in_three_years,
        ),
    ]:
        await make(
            "partenariat",
            f"Partenariat – {partenaire}",
            code,
            parties((partenaire, "partenaire"), (porteur, "porteur")),
            statut,
            echeance=echeance,
            objectifs=[Objectif(libelle="Réponse aux orientations sous 15 jours", cible=90)],
        )
    await make(
        "financement",
        "Financement de l'accompagnement renforcé – Paris",
        "paris",
        [
            PartieIn(structure_id=cf, role="signataire"),
            *parties(("Fonds Inclusion Démo", "financeur"), ("Ateliers de Belleville", "porteur")),
        ],
        "active",
        echeance=in_three_years,
    )
    return {"conventions": len(created)}
