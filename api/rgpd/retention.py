"""How long a person's file is kept: the last contact, and the day it is due for anonymisation.

The rule (docs/rgpd.md, "Durées de conservation"):

- the **last contact** of a person who had at least one parcours is the latest of these
  business dates: entry, exit and closing of each parcours; every check-in held; the planned
  check-ins of a parcours still in post-exit follow-up (`sorti`); every journal entry; every
  diagnostic; the end of every contract; every action carried out; every consent given or
  withdrawn. Timestamps of data entry (`created_at`) do not count: a file typed in late
  does not live longer;
- a person without any parcours (enrolment abandoned): the day the file was created, or a
  later consent given or withdrawn;
- the file is **kept until** `last contact + retention_months` (24 by default) and
  anonymised from the next day on, unless one of the person's parcours is still open
  (`accueil`, `en_cours`, `suspendu`): an open file is never anonymised by the job, it is
  reported as "open without contact" so that its team closes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from api.freins.models import Action, Diagnostic, Frein
from api.parcours.dates import add_months
from api.parcours.machine import OUVERTS
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.referentiel import StatutParcours
from api.salaries.models import Consentement, Salarie


@dataclass(frozen=True)
class Dossier:
    salarie_id: uuid.UUID
    territoire_id: uuid.UUID
    avec_parcours: bool
    ouvert: bool
    dernier_contact: date
    # Last day the file is kept; anonymised from the day after.
    conserve_jusqu_au: date

    def du(self, today: date) -> bool:
        return not self.ouvert and self.conserve_jusqu_au < today


def _contacts(salarie_ids: list[uuid.UUID] | None) -> Select[Any, Any]:
    P = Parcours
    sources: list[Select[Any, Any]] = [
        select(P.salarie_id.label("s"), P.date_entree.label("d")),
        select(P.salarie_id.label("s"), P.date_sortie.label("d")).where(P.date_sortie.is_not(None)),
        select(P.salarie_id.label("s"), P.date_cloture.label("d")).where(
            P.date_cloture.is_not(None)
        ),
        select(P.salarie_id.label("s"), SuiviPostSortie.date_realisee.label("d"))
        .join(P, P.id == SuiviPostSortie.parcours_id)
        .where(SuiviPostSortie.date_realisee.is_not(None)),
        select(P.salarie_id.label("s"), SuiviPostSortie.date_prevue.label("d"))
        .join(P, P.id == SuiviPostSortie.parcours_id)
        .where(P.statut == StatutParcours.sorti),
        select(P.salarie_id.label("s"), JournalEntree.date.label("d")).join(
            P, P.id == JournalEntree.parcours_id
        ),
        select(P.salarie_id.label("s"), Diagnostic.date.label("d")).join(
            P, P.id == Diagnostic.parcours_id
        ),
        select(P.salarie_id.label("s"), Contrat.date_fin.label("d")).join(
            P, P.id == Contrat.parcours_id
        ),
        select(P.salarie_id.label("s"), Action.date_realisation.label("d"))
        .join(Frein, Frein.id == Action.frein_id)
        .join(P, P.id == Frein.parcours_id)
        .where(Action.date_realisation.is_not(None)),
        select(Consentement.salarie_id.label("s"), Consentement.date_recueil.label("d")),
        select(Consentement.salarie_id.label("s"), Consentement.revoque_le.label("d")).where(
            Consentement.revoque_le.is_not(None)
        ),
    ]
    if salarie_ids is not None:
        sources = [s.where(s.selected_columns.s.in_(salarie_ids)) for s in sources]
    contacts = union_all(*sources).subquery()
    return select(contacts.c.s, func.max(contacts.c.d)).group_by(contacts.c.s)


async def dossiers(
    session: AsyncSession,
    months: int,
    *,
    territoire_ids: Iterable[uuid.UUID] | None = None,
    salarie_ids: Iterable[uuid.UUID] | None = None,
    today: date | None = None,
) -> list[Dossier]:
    """Every file (of these territoires / people), with its last contact and its limit.

    Planned dates still to come (a contract's end, a check-in) count as "today": the last
    contact so far. It never makes a file due earlier: its limit is then still ahead.
    """
    today = today or date.today()
    wanted = list(salarie_ids) if salarie_ids is not None else None
    people = select(
        Salarie.id,
        Salarie.territoire_id,
        Salarie.created_at,
        exists().where(Parcours.salarie_id == Salarie.id).label("avec_parcours"),
        exists()
        .where(Parcours.salarie_id == Salarie.id, Parcours.statut.in_(OUVERTS))
        .label("ouvert"),
    )
    if territoire_ids is not None:
        people = people.where(Salarie.territoire_id.in_(list(territoire_ids)))
    if wanted is not None:
        people = people.where(Salarie.id.in_(wanted))
    rows = (await session.execute(people)).all()
    if not rows:
        return []
    last: dict[uuid.UUID, date] = {
        s: d for s, d in (await session.execute(_contacts(wanted))).all() if d is not None
    }
    out = []
    for r in rows:
        contact = last.get(r.id)
        if not r.avec_parcours:
            created = r.created_at.date()
            contact = max(created, contact) if contact else created
        elif contact is None:  # a parcours always has an entry date
            contact = r.created_at.date()
        contact = min(contact, today)
        out.append(
            Dossier(
                salarie_id=r.id,
                territoire_id=r.territoire_id,
                avec_parcours=bool(r.avec_parcours),
                ouvert=bool(r.ouvert),
                dernier_contact=contact,
                conserve_jusqu_au=add_months(contact, months),
            )
        )
    return out


async def dus(
    session: AsyncSession,
    months: int,
    today: date,
    *,
    salarie_ids: Iterable[uuid.UUID] | None = None,
) -> list[Dossier]:
    """The files past their limit today, oldest limit first."""
    found = await dossiers(session, months, salarie_ids=salarie_ids, today=today)
    return sorted(
        (d for d in found if d.du(today)), key=lambda d: (d.conserve_jusqu_au, d.salarie_id)
    )
