"""Acceptance creates, never retypes: in the request's one transaction, the structure (or the
update of the one with the same SIRET, once its differences are confirmed), the draft
convention of its voie (or, for a chantier porteur of a new territoire, the territoire en
préparation with the chantier as future porteur), and the invitations of its contacts.

It reuses the services of each feature, so their rules (perimeter, composition of a
convention, one porteur per territoire, accounts) hold here too. A double click creates one
structure: the statut is claimed by one conditional UPDATE (on PostgreSQL, a second
transaction waits for the first and then finds the application accepted), and the second
answer is the same accepted application.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.candidatures import courriels
from api.candidatures.machine import CANDIDATURE
from api.candidatures.models import Candidature
from api.candidatures.schemas import AcceptationIn, Difference
from api.candidatures.service import (
    TYPE_DE_VOIE,
    acceptation_impossible,
    differences,
    get_candidature,
    structure_du_siret,
    valeurs_proposees,
)
from api.conventions import service as conventions_service
from api.conventions.schemas import ConventionCreate, PartieIn
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField
from api.identity import service as identity_service
from api.identity.models import UserAccount
from api.identity.schemas import UtilisateurCreate
from api.referentiel import (
    Role,
    RolePartie,
    StatutCandidature,
    StatutTerritoire,
    TypeConvention,
    TypeStructure,
    VoieCandidature,
    libelle,
)
from api.settings import Settings
from api.structures import service as structures_service
from api.structures.models import Structure
from api.structures.schemas import Contact, StructureCreate, StructureUpdate
from api.territoires import service as territoires_service
from api.territoires.models import Territoire
from api.territoires.schemas import TerritoireCreate

ROLE_DE_VOIE: dict[VoieCandidature, Role] = {
    VoieCandidature.chantier_porteur: Role.direction_chantier,
    VoieCandidature.partenaire: Role.partenaire,
    VoieCandidature.financeur: Role.financeur,
}


class MiseAJourAConfirmer(Conflict):
    code = "mise_a_jour_a_confirmer"
    title = "Structure existante"
    detail = (
        "Une structure de l'annuaire a déjà ce SIRET et ses informations diffèrent de la "
        "candidature : vérifiez les différences, puis confirmez la mise à jour."
    )


class StructureDAutreType(Conflict):
    code = "siret_autre_type"
    title = "SIRET déjà connu"


def _code(nom: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", nom).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_))[:40].strip("-") or "territoire"


async def _nouveau_territoire(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    candidature: Candidature,
    data: AcceptationIn,
) -> Territoire:
    if data.densite is None:
        raise InvalidField("body.densite", "Précisez la densité du nouveau territoire.")
    nom = candidature.nouveau_territoire or "Nouveau territoire"
    base = _code(nom)
    code, n = base, 1
    while await session.scalar(select(Territoire.id).where(Territoire.code == code)):
        n += 1
        code = f"{base}-{n}"
    return await territoires_service.create_territoire(
        session,
        actor,
        context,
        TerritoireCreate(
            code=code,
            nom=nom,
            date_demarrage=date.today(),
            densite=data.densite,
            statut=StatutTerritoire.preparation,
        ),
    )


def _territoire_principal(actor: Actor, candidature: Candidature) -> Territoire | None:
    """The structure's territoire: the first named in the instructor's perimeter."""
    for territoire in candidature.territoires:
        if actor.national or territoire.id in actor.territoire_ids:
            return territoire
    return candidature.territoires[0] if candidature.territoires else None


def _contacts(candidature: Candidature) -> list[Contact]:
    return [
        Contact(
            nom=f"{c['prenom']} {c['nom']}",
            fonction=c.get("fonction") or None,
            courriel=c["courriel"],
            telephone=c.get("telephone") or None,
        )
        for c in candidature.contacts
    ]


async def _structure(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    candidature: Candidature,
    territoire: Territoire | None,
    porteur: bool,
    existante: Structure | None,
) -> Structure:
    values = valeurs_proposees(candidature)
    type_ = TYPE_DE_VOIE[candidature.voie]
    servis = (
        [t.id for t in candidature.territoires]
        if candidature.voie == VoieCandidature.partenaire
        else None
    )
    if existante is not None:
        changes = {k: v for k, v in values.items() if k != "siret"}
        if servis is not None:
            changes["territoire_ids_servis"] = sorted(
                {*existante.territoire_ids_servis, *servis}, key=str
            )
        return await structures_service.update_structure(
            session, actor, context, existante.id, existante.version, StructureUpdate(**changes)
        )
    return await structures_service.create_structure(
        session,
        actor,
        context,
        StructureCreate(
            type=type_,
            territoire_id=territoire.id if territoire else None,
            siret=candidature.siret,
            porteur_coordination=porteur,
            contacts=_contacts(candidature),
            territoire_ids_servis=servis,
            **values,
        ),
    )


async def _convention(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    candidature: Candidature,
    structure: Structure,
    territoire: Territoire | None,
    porteur: Structure | None,
) -> uuid.UUID | None:
    if territoire is None:
        return None
    national = await session.scalar(
        select(Structure.id).where(Structure.type == TypeStructure.convergence_france).limit(1)
    )
    parties: list[PartieIn] = []
    if national is not None:
        parties.append(PartieIn(structure_id=national, role=RolePartie.signataire))
    if candidature.voie == VoieCandidature.partenaire:
        type_ = TypeConvention.partenariat
        parties.append(PartieIn(structure_id=structure.id, role=RolePartie.partenaire))
    elif candidature.voie == VoieCandidature.financeur:
        type_ = TypeConvention.financement
        parties.append(PartieIn(structure_id=structure.id, role=RolePartie.financeur))
    else:
        if porteur is None:
            return None
        type_ = TypeConvention.mise_en_oeuvre
        parties.append(PartieIn(structure_id=porteur.id, role=RolePartie.porteur))
        parties.append(PartieIn(structure_id=structure.id, role=RolePartie.signataire))
    convention = await conventions_service.create_convention(
        session,
        actor,
        context,
        ConventionCreate(
            type=type_,
            titre=f"{libelle(type_)} – {structure.nom}"[:200],
            territoire_id=territoire.id,
            parties=parties,
        ),
    )
    return convention.id


async def _invitations(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    candidature: Candidature,
    structure: Structure,
) -> tuple[list[str], list[uuid.UUID]]:
    """One invitation per contact who asked for an access and has no account yet."""
    ids: list[str] = []
    events: list[uuid.UUID] = []
    for contact in candidature.contacts:
        if not contact.get("compte", True):
            continue
        email = str(contact["courriel"]).lower()
        if await session.scalar(select(UserAccount.id).where(UserAccount.email == email)):
            continue
        user, event_id = await identity_service.create_user(
            session,
            actor,
            context,
            settings,
            UtilisateurCreate(
                email=email,
                nom=contact["nom"],
                prenom=contact["prenom"],
                role=ROLE_DE_VOIE[candidature.voie],
                structure_id=structure.id,
            ),
        )
        ids.append(str(user.id))
        events.append(event_id)
    return ids, events


def preparer(
    actor: Actor, candidature: Candidature, existante: Structure | None, data: AcceptationIn
) -> list[Difference]:
    """The checks before anything is written."""
    CANDIDATURE.check(candidature.statut, "acceptation")
    raison = acceptation_impossible(actor, candidature)
    if raison:
        raise Forbidden(raison)
    if existante is None:
        return []
    if existante.type != TYPE_DE_VOIE[candidature.voie]:
        raise StructureDAutreType(
            f"Ce SIRET est déjà celui d'une structure « {libelle(existante.type).lower()} » de "
            "l'annuaire : la candidature ne peut pas la transformer."
        )
    diffs = differences(existante, candidature)
    if diffs and not data.confirmer_mise_a_jour:
        raise MiseAJourAConfirmer()
    return diffs


async def accepter(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    candidature_id: uuid.UUID,
    data: AcceptationIn,
) -> tuple[Candidature, list[uuid.UUID]]:
    """Accept and create; returns the application and the outbox events of its e-mails."""
    candidature = await get_candidature(session, actor, candidature_id)
    if candidature.statut == StatutCandidature.acceptee:
        return candidature, []  # a second click: the first one did everything
    existante = await structure_du_siret(session, candidature)
    diffs = preparer(actor, candidature, existante, data)
    claimed = await session.execute(
        update(Candidature)
        .where(
            Candidature.id == candidature.id,
            Candidature.statut == StatutCandidature.en_instruction,
        )
        .values(statut=StatutCandidature.acceptee)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        # Another request accepted it between our read and our claim (it waited for its commit).
        await session.refresh(candidature)
        return candidature, []
    candidature.statut = StatutCandidature.acceptee

    territoire_cree: Territoire | None = None
    if candidature.voie == VoieCandidature.chantier_porteur and not candidature.territoires:
        territoire_cree = await _nouveau_territoire(session, actor, context, candidature, data)
        territoire: Territoire | None = territoire_cree
    else:
        territoire = _territoire_principal(actor, candidature)
    porteur: Structure | None = None
    if candidature.voie == VoieCandidature.chantier_porteur and territoire is not None:
        porteur = await session.scalar(
            select(Structure).where(
                Structure.territoire_id == territoire.id,
                Structure.porteur_coordination.is_(True),
            )
        )
    devient_porteur = candidature.voie == VoieCandidature.chantier_porteur and porteur is None
    structure = await _structure(
        session, actor, context, candidature, territoire, devient_porteur, existante
    )
    convention_id = await _convention(
        session, actor, context, candidature, structure, territoire, porteur
    )
    comptes, events = await _invitations(session, actor, context, settings, candidature, structure)

    candidature.structure_id = structure.id
    candidature.convention_id = convention_id
    candidature.territoire_cree_id = territoire_cree.id if territoire_cree else None
    candidature.comptes_invites = comptes
    candidature.decidee_le = utcnow()
    candidature.decidee_par = actor.id
    candidature.message_decision = data.message
    candidature.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "acceptation",
        object_type="candidature",
        object_id=candidature.id,
        details={
            "structure_id": str(structure.id),
            "structure_mise_a_jour": existante is not None,
            "champs_modifies": [d.champ for d in diffs],
            "convention_id": str(convention_id) if convention_id else None,
            "territoire_id": str(territoire_cree.id) if territoire_cree else None,
            "comptes_invites": len(comptes),
        },
    )
    events.append(
        await courriels.decision(
            session,
            settings,
            candidature.courriel,
            StatutCandidature.acceptee,
            structure.nom,
            data.message or "",
        )
    )
    return candidature, events
