"""Applicants' personal data (docs/rgpd.md): the applicant's address and the contact people of
an application. Refused and closed applications, and drafts left untouched, are erased after
`candidature_conservation_mois` (the daily run); a person's data is exported and erased on
request, by e-mail address, in the caller's perimeter."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, cast, delete, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.candidatures.models import (
    Candidature,
    CandidatureDocument,
    CandidatureLien,
    candidature_territoire,
)
from api.candidatures.schemas import DonneesCandidat, EffacementCandidatOut
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.storage import DocumentStore
from api.referentiel import StatutCandidature

S = StatutCandidature
A_EFFACER = (S.refusee, S.sans_suite)


def _avant(now: datetime, months: int) -> datetime:
    return now - timedelta(days=round(months * 30.44))


async def purger(
    session: AsyncSession,
    months: int,
    now: datetime | None = None,
    store: DocumentStore | None = None,
) -> dict[str, int]:
    """Erase what outlived its period: refused or closed applications decided more than
    `months` ago, drafts untouched as long (with their documents), and links expired for a
    day."""
    now = now or utcnow()
    limite = _avant(now, months)
    due = or_(
        and_(Candidature.statut.in_(A_EFFACER), Candidature.decidee_le < limite),
        and_(Candidature.statut == S.brouillon, Candidature.updated_at < limite),
    )
    keys = list(
        (
            await session.scalars(
                select(CandidatureDocument.storage_key).where(
                    CandidatureDocument.candidature_id.in_(select(Candidature.id).where(due))
                )
            )
        ).all()
    )
    erased = await session.execute(delete(Candidature).where(due))
    if store is not None:
        for key in keys:
            store.delete(key)
    links = await session.execute(
        delete(CandidatureLien).where(CandidatureLien.expires_at < now - timedelta(days=1))
    )
    return {
        "candidatures_effacees": int(erased.rowcount),  # type: ignore[attr-defined]
        "liens_candidature_expires": int(links.rowcount),  # type: ignore[attr-defined]
    }


async def _de_la_personne(session: AsyncSession, actor: Actor, courriel: str) -> list[Candidature]:
    """The applications where the address is the applicant's or a contact's, in the perimeter
    (the national team: all, drafts included; territorial staff: their territoires)."""
    pattern = f"%{courriel}%"
    stmt = select(Candidature).where(
        or_(Candidature.courriel == courriel, cast(Candidature.contacts, String).like(pattern))
    )
    if not actor.national:
        stmt = stmt.where(
            exists().where(
                candidature_territoire.c.candidature_id == Candidature.id,
                candidature_territoire.c.territoire_id.in_(actor.territoire_ids),
            )
        )
    rows = (await session.scalars(stmt.order_by(Candidature.created_at))).all()
    return [
        c
        for c in rows
        if c.courriel == courriel
        or any(str(p.get("courriel", "")).lower() == courriel for p in c.contacts)
    ]


async def exporter(
    session: AsyncSession, actor: Actor, context: AuditContext, courriel: str
) -> list[DonneesCandidat]:
    courriel = courriel.strip().lower()
    out = []
    for c in await _de_la_personne(session, actor, courriel):
        contacts: list[dict[str, Any]] = [
            p for p in c.contacts if str(p.get("courriel", "")).lower() == courriel
        ]
        out.append(
            DonneesCandidat(
                voie=c.voie,
                statut=c.statut,
                organisation=c.nom,
                demandeur=c.courriel == courriel,
                contacts=contacts,
                creee_le=c.created_at,
                soumise_le=c.soumise_le,
                decidee_le=c.decidee_le,
                message_decision=c.message_decision,
            )
        )
        await audit.record(session, context, "export", object_type="candidature", object_id=c.id)
    return out


async def effacer(
    session: AsyncSession, actor: Actor, context: AuditContext, courriel: str
) -> EffacementCandidatOut:
    """Erase the person from the applications: a contact is removed; the applicant's address
    is replaced, the application's key and pending links revoked."""
    courriel = courriel.strip().lower()
    found = await _de_la_personne(session, actor, courriel)
    contacts = demandes = 0
    for c in found:
        kept = [p for p in c.contacts if str(p.get("courriel", "")).lower() != courriel]
        contacts += len(c.contacts) - len(kept)
        c.contacts = kept
        if c.courriel == courriel:
            demandes += 1
            c.courriel = f"efface-{c.id.hex[:12]}@invalid"
            c.cle_hash = None
            c.cle_expire_le = None
        c.updated_at = utcnow()
        await audit.record(session, context, "erase", object_type="candidature", object_id=c.id)
    links = await session.execute(
        delete(CandidatureLien).where(CandidatureLien.courriel == courriel)
    )
    await session.flush()
    return EffacementCandidatOut(
        candidatures=len(found),
        contacts_effaces=contacts,
        adresses_de_demande_effacees=demandes,
        liens_effaces=int(links.rowcount),  # type: ignore[attr-defined]
    )
