"""The parcours journal: entretiens, notes, syntheses, and the entries the lifecycle writes."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.errors import InvalidField
from api.core.pagination import decode_cursor, encode_cursor
from api.core.permissions import Permission
from api.identity import perimetre
from api.parcours.acces import get_parcours
from api.parcours.models import JournalEntree, Parcours
from api.parcours.schemas import EntretienIn, JournalDetails, JournalOut, NoteIn, SyntheseIn
from api.referentiel import TITRES_ENTRETIEN, Confidentialite, TypeJournal
from api.salaries.models import ReferentExterne


def journal_entry(
    session: AsyncSession,
    parcours: Parcours,
    type_: TypeJournal,
    when: date,
    author: uuid.UUID | None,
    titre: str,
    texte: str | None = None,
    details: dict[str, object] | None = None,
    confidentialite: Confidentialite = Confidentialite.normale,
) -> JournalEntree:
    entry = JournalEntree(
        parcours_id=parcours.id,
        type=type_,
        date=when,
        auteur_id=author,
        titre=titre,
        texte=texte,
        details=details or {},
        confidentialite=confidentialite,
    )
    session.add(entry)
    return entry


def check_date(parcours: Parcours, when: date, field: str = "body.date") -> None:
    if when < parcours.date_entree:
        raise InvalidField(field, "La date ne peut pas précéder l'entrée dans le parcours.")
    if when > date.today():
        raise InvalidField(field, "La date ne peut pas être dans le futur.")


def journal_out(actor: Actor, entry: JournalEntree) -> JournalOut:
    out = JournalOut(
        id=entry.id,
        type=entry.type,
        date=entry.date,
        auteur_id=entry.auteur_id,
        titre=entry.titre,
        confidentialite=entry.confidentialite,
        # Known keys only, and only those the entry has (the route drops unset ones).
        details=JournalDetails.model_validate(entry.details),
        created_at=entry.created_at,
    )
    if entry.confidentialite != Confidentialite.restreint or actor.can(
        Permission.journal_restreint
    ):
        out.texte = entry.texte
    return out


async def list_journal(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    type_: TypeJournal | None,
) -> tuple[list[JournalEntree], str | None]:
    """Newest first, keyset on (date, id)."""
    parcours = await get_parcours(session, actor, parcours_id)
    stmt = select(JournalEntree).where(JournalEntree.parcours_id == parcours.id)
    if type_ is not None:
        stmt = stmt.where(JournalEntree.type == type_)
    if cursor:
        day, entry_id = decode_cursor(cursor, date.fromisoformat, uuid.UUID)
        stmt = stmt.where(
            or_(
                JournalEntree.date < day,
                and_(JournalEntree.date == day, JournalEntree.id < entry_id),
            )
        )
    rows = list(
        (
            await session.scalars(
                stmt.order_by(JournalEntree.date.desc(), JournalEntree.id.desc()).limit(limit + 1)
            )
        ).all()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].date, rows[-1].id])
    await audit.record(
        session,
        context,
        "read",
        object_type="journal",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
    )
    return rows, next_cursor


async def add_entretien(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: EntretienIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    check_date(parcours, data.date)
    entry = journal_entry(
        session,
        parcours,
        TypeJournal.entretien,
        data.date,
        actor.id,
        TITRES_ENTRETIEN[data.type_entretien],
        data.texte,
        details={"type_entretien": data.type_entretien, "participants": data.participants},
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry


async def add_note(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: NoteIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    check_date(parcours, data.date)
    entry = journal_entry(
        session,
        parcours,
        TypeJournal.note,
        data.date,
        actor.id,
        data.titre,
        data.texte,
        confidentialite=data.confidentialite,
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry


async def add_synthese(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: SyntheseIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    check_date(parcours, data.date)
    if data.referents_externes:
        known = set(
            (
                await session.scalars(
                    select(ReferentExterne.id).where(
                        ReferentExterne.salarie_id == parcours.salarie_id,
                        ReferentExterne.id.in_(data.referents_externes),
                    )
                )
            ).all()
        )
        if known != set(data.referents_externes):
            raise InvalidField("body.referents_externes", "Référent externe inconnu.")
    await perimetre.check_equipe(
        session,
        "body.participants_internes",
        data.participants_internes,
        chantier_id=parcours.chantier_id,
    )
    entry = journal_entry(
        session,
        parcours,
        TypeJournal.synthese,
        data.date,
        actor.id,
        "Synthèse concertée",
        data.decisions,
        details={
            "participants_internes": [str(u) for u in data.participants_internes],
            "referents_externes": [str(r) for r in data.referents_externes],
            "prochaines_etapes": data.prochaines_etapes,
        },
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry
