"""The instruction: who sees which application, the list and its counts, the detail, the
comments between instructors, and the decisions but acceptance (`acceptation.py`).

admin_national sees every application; coordinateur and chargé de partenariat those naming
one of their territoires; an application for a new territoire names none: the national team
instructs it. Drafts are the applicant's alone. Outside the perimeter: 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.candidatures import courriels
from api.candidatures.machine import A_INSTRUIRE, CANDIDATURE
from api.candidatures.models import (
    Candidature,
    CandidatureCommentaire,
    CandidatureDocument,
    candidature_territoire,
)
from api.candidatures.publique import saisie_de
from api.candidatures.schemas import (
    CandidatureDetail,
    CandidatureOut,
    CommentaireOut,
    CompteursOut,
    Creations,
    Difference,
    DocumentCandidature,
    StructureExistante,
    TerritoireRef,
)
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import NotFound
from api.core.pagination import PageParams, paginate
from api.core.permissions import STRUCTURES_GEREES
from api.identity.models import UserAccount
from api.referentiel import (
    StatutCandidature,
    TypeStructure,
    VoieCandidature,
    libelle,
)
from api.settings import Settings
from api.structures.models import Structure

TYPE_DE_VOIE: dict[VoieCandidature, TypeStructure] = {
    VoieCandidature.chantier_porteur: TypeStructure.chantier,
    VoieCandidature.partenaire: TypeStructure.partenaire,
    VoieCandidature.financeur: TypeStructure.financeur,
}


class CandidatureNotFound(NotFound):
    code = "candidature_introuvable"
    detail = "Aucune candidature ne correspond à cet identifiant."


def visible_candidatures(actor: Actor) -> Select[Candidature]:
    """Every read of the instruction starts here."""
    stmt = (
        select(Candidature)
        .where(Candidature.statut != StatutCandidature.brouillon)
        .options(selectinload(Candidature.territoires), selectinload(Candidature.documents))
    )
    if actor.national:
        return stmt
    return stmt.where(
        exists().where(
            candidature_territoire.c.candidature_id == Candidature.id,
            candidature_territoire.c.territoire_id.in_(actor.territoire_ids),
        )
    )


def acceptation_impossible(actor: Actor, candidature: Candidature) -> str | None:
    """Why this instructor may not accept: the structure it would create is not theirs to
    manage (`STRUCTURES_GEREES`), or the territoire is new (the national team's)."""
    if TYPE_DE_VOIE[candidature.voie] not in STRUCTURES_GEREES.get(actor.role, frozenset()):
        return (
            "Seule l'équipe nationale peut accepter une candidature "
            f"« {libelle(candidature.voie).lower()} » sur votre territoire : transmettez-la "
            "avec un commentaire."
        )
    if candidature.nouveau_territoire and not actor.national:
        return "Un nouveau territoire est ouvert par l'équipe nationale."
    return None


def out(actor: Actor, candidature: Candidature) -> CandidatureOut:
    refus = {"acceptation": acceptation_impossible(actor, candidature) is not None}
    return CandidatureOut(
        id=candidature.id,
        voie=candidature.voie,
        statut=candidature.statut,
        nom=candidature.nom,
        siret=candidature.siret,
        territoires=[TerritoireRef(id=t.id, nom=t.nom) for t in candidature.territoires],
        nouveau_territoire=candidature.nouveau_territoire,
        soumise_le=candidature.soumise_le,
        decidee_le=candidature.decidee_le,
        actions=CANDIDATURE.actions(candidature.statut, actor, refus),
        version=candidature.version,
    )


def _filtres(
    stmt: Select[Any],
    statut: StatutCandidature | None,
    voie: VoieCandidature | None,
    territoire_id: uuid.UUID | None,
) -> Select[Any]:
    if statut is not None:
        stmt = stmt.where(Candidature.statut == statut)
    if voie is not None:
        stmt = stmt.where(Candidature.voie == voie)
    if territoire_id is not None:
        stmt = stmt.where(
            exists().where(
                candidature_territoire.c.candidature_id == Candidature.id,
                candidature_territoire.c.territoire_id == territoire_id,
            )
        )
    return stmt


async def list_candidatures(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    statut: StatutCandidature | None = None,
    voie: VoieCandidature | None = None,
    territoire_id: uuid.UUID | None = None,
) -> tuple[list[CandidatureOut], str | None]:
    stmt = _filtres(visible_candidatures(actor), statut, voie, territoire_id)
    rows, cursor = await paginate(
        session, stmt, sort=Candidature.nom, tiebreak=Candidature.id, params=params
    )
    return [out(actor, c) for c in rows], cursor


async def compteurs(
    session: AsyncSession,
    actor: Actor,
    *,
    voie: VoieCandidature | None = None,
    territoire_id: uuid.UUID | None = None,
) -> CompteursOut:
    """Counts by statut and by voie in the perimeter (the list's filters but the statut)."""
    base = _filtres(visible_candidatures(actor), None, voie, territoire_id).subquery()
    par_statut = dict.fromkeys(StatutCandidature, 0)
    par_statut.pop(StatutCandidature.brouillon)
    for statut, n in await session.execute(
        select(base.c.statut, func.count()).group_by(base.c.statut)
    ):
        par_statut[StatutCandidature(statut)] = n
    par_voie = dict.fromkeys(VoieCandidature, 0)
    for voie_, n in await session.execute(select(base.c.voie, func.count()).group_by(base.c.voie)):
        par_voie[VoieCandidature(voie_)] = n
    return CompteursOut(
        par_statut=par_statut,
        par_voie=par_voie,
        a_instruire=sum(par_statut[s] for s in A_INSTRUIRE),
    )


async def a_instruire(session: AsyncSession, actor: Actor) -> int:
    """The instructor's badge: applications received or under instruction in the perimeter."""
    sub = visible_candidatures(actor).where(Candidature.statut.in_(A_INSTRUIRE)).subquery()
    return int(await session.scalar(select(func.count()).select_from(sub)) or 0)


async def get_candidature(
    session: AsyncSession, actor: Actor, candidature_id: uuid.UUID
) -> Candidature:
    candidature = await session.scalar(
        visible_candidatures(actor).where(Candidature.id == candidature_id)
    )
    if candidature is None:
        raise CandidatureNotFound()
    return candidature


# --- the structure of the same SIRET -------------------------------------------------------

_COMPARES = [
    ("nom", "Nom"),
    ("adresse", "Adresse"),
    ("code_postal", "Code postal"),
    ("commune", "Commune"),
    ("telephone", "Téléphone"),
    ("site_web", "Site web"),
    ("nombre_postes", "Postes Convergence"),
    ("type_partenaire", "Type de partenaire"),
]


def _texte(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if hasattr(value, "value") and isinstance(value.value, str):
        return libelle(value)
    return str(value)


def valeurs_proposees(candidature: Candidature) -> dict[str, Any]:
    """The structure's fields as the application gives them (what acceptance writes)."""
    saisie = saisie_de(candidature)
    values: dict[str, Any] = {
        "nom": saisie.nom,
        "adresse": saisie.adresse,
        "code_postal": saisie.code_postal,
        "commune": saisie.commune,
        "telephone": saisie.telephone,
        "site_web": saisie.site_web,
    }
    if candidature.voie == VoieCandidature.chantier_porteur:
        values["nombre_postes"] = saisie.nombre_postes
    if candidature.voie == VoieCandidature.partenaire:
        values["type_partenaire"] = saisie.type_partenaire
        values["domaines"] = sorted(d.value for d in saisie.domaines)
    return {k: v for k, v in values.items() if v not in (None, "")}


def differences(structure: Structure, candidature: Candidature) -> list[Difference]:
    proposed = valeurs_proposees(candidature)
    diffs = [
        Difference(
            champ=name,
            libelle=label,
            actuel=_texte(getattr(structure, name)),
            propose=_texte(proposed[name]),
        )
        for name, label in _COMPARES
        if name in proposed and _texte(getattr(structure, name)) != _texte(proposed[name])
    ]
    if "domaines" in proposed and sorted(structure.domaines) != proposed["domaines"]:
        diffs.append(
            Difference(
                champ="domaines",
                libelle="Domaines",
                actuel=", ".join(structure.domaines) or None,
                propose=", ".join(proposed["domaines"]),
            )
        )
    return diffs


async def structure_du_siret(session: AsyncSession, candidature: Candidature) -> Structure | None:
    if not candidature.siret:
        return None
    return await session.scalar(
        select(Structure)
        .where(Structure.siret == candidature.siret)
        .options(selectinload(Structure.domaine_rows), selectinload(Structure.territoires_servis))
    )


async def detail(
    session: AsyncSession, actor: Actor, candidature: Candidature
) -> CandidatureDetail:
    rows = await session.execute(
        select(CandidatureCommentaire, UserAccount.prenom, UserAccount.nom)
        .outerjoin(UserAccount, UserAccount.id == CandidatureCommentaire.auteur_id)
        .where(CandidatureCommentaire.candidature_id == candidature.id)
        .order_by(CandidatureCommentaire.created_at)
    )
    commentaires = [
        CommentaireOut(
            id=c.id,
            auteur=f"{prenom} {nom}" if nom else "Compte supprimé",
            texte=c.texte,
            created_at=c.created_at,
        )
        for c, prenom, nom in rows
    ]
    existante = None
    if candidature.statut in A_INSTRUIRE:
        structure = await structure_du_siret(session, candidature)
        if structure is not None:
            existante = StructureExistante(
                id=structure.id,
                nom=structure.nom,
                type=structure.type,
                differences=differences(structure, candidature),
            )
    return CandidatureDetail(
        **out(actor, candidature).model_dump(),
        courriel=candidature.courriel,
        saisie=saisie_de(candidature),
        message_decision=candidature.message_decision,
        commentaires=commentaires,
        documents=[
            DocumentCandidature.model_validate(d, from_attributes=True)
            for d in candidature.documents
        ],
        structure_existante=existante,
        acceptation_impossible=acceptation_impossible(actor, candidature),
        creations=Creations(
            structure_id=candidature.structure_id,
            convention_id=candidature.convention_id,
            territoire_id=candidature.territoire_cree_id,
            comptes_invites=len(candidature.comptes_invites or []),
        ),
    )


# --- comments and decisions ----------------------------------------------------------------


async def commenter(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    candidature_id: uuid.UUID,
    texte: str,
) -> Candidature:
    candidature = await get_candidature(session, actor, candidature_id)
    CANDIDATURE.check(candidature.statut, "commentaire")
    commentaire = CandidatureCommentaire(
        candidature_id=candidature.id, auteur_id=actor.id, texte=texte, created_at=utcnow()
    )
    session.add(commentaire)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="candidature_commentaire",
        object_id=commentaire.id,
        details={"candidature_id": str(candidature.id)},
    )
    return candidature


async def decider(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    candidature_id: uuid.UUID,
    verbe: str,
    message: str | None,
) -> tuple[Candidature, uuid.UUID]:
    """Take up, refuse or close an application; the applicant is told by e-mail (the
    outbox event's id is returned)."""
    candidature = await get_candidature(session, actor, candidature_id)
    transition = CANDIDATURE.check(candidature.statut, verbe)
    assert transition.vers is not None
    candidature.statut = transition.vers
    candidature.updated_at = utcnow()
    if transition.vers != StatutCandidature.en_instruction:
        candidature.decidee_le = utcnow()
        candidature.decidee_par = actor.id
        candidature.message_decision = message
    await session.flush()
    await audit.record(session, context, verbe, object_type="candidature", object_id=candidature.id)
    event_id = await courriels.decision(
        session,
        settings,
        candidature.courriel,
        transition.vers,
        candidature.nom or "votre organisation",
        message or "",
    )
    return candidature, event_id


class DocumentNotFound(NotFound):
    code = "document_introuvable"
    detail = "Aucun document ne correspond à cet identifiant."


async def get_document(
    session: AsyncSession, actor: Actor, candidature_id: uuid.UUID, document_id: uuid.UUID
) -> CandidatureDocument:
    candidature = await get_candidature(session, actor, candidature_id)
    document = next((d for d in candidature.documents if d.id == document_id), None)
    if document is None:
        raise DocumentNotFound()
    return document
