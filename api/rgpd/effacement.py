"""The right to erasure: what would be erased or kept, then the erasure itself."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, outbox
from api.core.audit import AuditContext, AuditEvent
from api.core.auth import Actor
from api.core.db import utcnow
from api.orientations.models import Orientation
from api.parcours.dates import add_months
from api.parcours.models import Contrat, Parcours
from api.referentiel import ElementRestant
from api.rgpd import anonymisation, retention
from api.rgpd.schemas import ApercuEffacementOut, EffacementIn, EffacementOut, RestantOut
from api.rgpd.service import SENT, DossierOuvert, person
from api.settings import Settings
from api.structures.models import Structure


async def _sent_to(
    session: AsyncSession, salarie_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(orientation, partner) of every orientation that left the system."""
    rows = await session.execute(
        select(Orientation.id, Orientation.partenaire_id).where(
            Orientation.salarie_id == salarie_id,
            Orientation.statut.in_(SENT),
            Orientation.envoyee_le.is_not(None),
        )
    )
    return [(r.id, r.partenaire_id) for r in rows.all()]


async def _restants(
    session: AsyncSession,
    settings: Settings,
    salarie_id: uuid.UUID,
    supprimes: dict[str, int],
    partners: int,
    today: date,
) -> list[RestantOut]:
    """What an erasure leaves, said plainly (the confirmation names it)."""
    audit_rows = len(
        (
            await session.scalars(select(AuditEvent.id).where(AuditEvent.salarie_id == salarie_id))
        ).all()
    )
    out = [
        RestantOut(
            element=ElementRestant.statistiques,
            description=(
                "Une fiche statistique par parcours (sans nom ni date de naissance : mois "
                "d'entrée et de sortie, tranche d'âge, situations et résultats), pour que les "
                "indicateurs du programme restent justes."
            ),
            nombre=supprimes.get("parcours", 0),
        )
    ]
    rule = next((e for e in settings.conservation_legale if e.element == "contrats"), None)
    if rule is not None and supprimes.get("contrats"):
        fins = (
            await session.scalars(
                select(Contrat.date_fin)
                .join(Parcours, Parcours.id == Contrat.parcours_id)
                .where(Parcours.salarie_id == salarie_id)
            )
        ).all()
        kept = [add_months(f, rule.duree_mois) for f in fins]
        kept = [k for k in kept if k >= today]
        if kept:
            out.append(
                RestantOut(
                    element=ElementRestant.contrats,
                    description=f"Contrats conservés sans nom : {rule.motif}",
                    nombre=len(kept),
                    jusqu_au=max(kept),
                )
            )
    out.append(
        RestantOut(
            element=ElementRestant.journal_audit,
            description=(
                "Les traces des consultations et modifications du dossier (sans nom : "
                "identifiants, dates, actions), effacées au terme de la conservation du "
                f"journal d'audit ({settings.audit_retention_days} jours)."
            ),
            nombre=audit_rows,
            jusqu_au=today + timedelta(days=settings.audit_retention_days),
        )
    )
    if partners:
        out.append(
            RestantOut(
                element=ElementRestant.copies_partenaires,
                description=(
                    "Les informations déjà transmises aux partenaires restent chez eux : "
                    "chacun est prévenu de l'effacement et doit supprimer sa copie."
                ),
                nombre=partners,
            )
        )
    return out


async def apercu_effacement(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    salarie_id: uuid.UUID,
    today: date | None = None,
) -> ApercuEffacementOut:
    today = today or date.today()
    salarie = await person(session, actor, salarie_id)
    found = await retention.dossiers(
        session, settings.retention_months, salarie_ids=[salarie.id], today=today
    )
    supprimes = dict(await anonymisation.counts(session, [salarie.id]))
    sent = await _sent_to(session, salarie.id)
    partner_ids = {p for _o, p in sent}
    names = (
        sorted(
            (
                await session.scalars(select(Structure.nom).where(Structure.id.in_(partner_ids)))
            ).all()
        )
        if partner_ids
        else []
    )
    return ApercuEffacementOut(
        possible=not found[0].ouvert,
        raison=DossierOuvert.detail if found[0].ouvert else None,
        supprimes={k: supprimes.get(k, 0) for k in anonymisation.SUPPRIMES},
        restants=await _restants(session, settings, salarie.id, supprimes, len(partner_ids), today),
        partenaires_a_informer=names,
    )


async def effacer(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    salarie_id: uuid.UUID,
    data: EffacementIn,
    today: date | None = None,
) -> EffacementOut:
    """Erasure on request: anonymised at once, partners told to delete their copies."""
    today = today or date.today()
    await anonymisation.serialise(session)
    salarie = await person(session, actor, salarie_id)
    found = await retention.dossiers(
        session, settings.retention_months, salarie_ids=[salarie.id], today=today
    )
    if found[0].ouvert:
        raise DossierOuvert()
    sent = await _sent_to(session, salarie.id)
    partners = {p for _o, p in sent}
    supprimes = dict(await anonymisation.counts(session, [salarie.id]))
    restants = await _restants(session, settings, salarie.id, supprimes, len(partners), today)
    # RGPD art. 19: every recipient is told; the payload names the orientation only.
    for orientation_id, partner_id in sent:
        await outbox.publish(
            session,
            "orientation.effacee",
            {"orientation_id": str(orientation_id), "statut": "effacee"},
            partner_id,
        )
    bilan = await anonymisation.anonymise(
        session, [salarie.id], settings.conservation_legale, today
    )
    await audit.record(
        session,
        context,
        "erase",
        object_type="salarie",
        object_id=salarie.id,
        salarie_id=salarie.id,
        details={"motif": data.motif.value, "partenaires_informes": len(partners)}
        | bilan.details(),
    )
    return EffacementOut(
        salarie_id=salarie.id,
        efface_le=utcnow(),
        motif=data.motif,
        supprimes={k: bilan.supprimes[k] for k in anonymisation.SUPPRIMES},
        restants=restants,
        partenaires_informes=len(partners),
    )
