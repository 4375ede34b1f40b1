"""Orientations react to a withdrawn consent (api.core.events), in the caller's transaction.

Built with tests/factories.py: one chantier, two partners, one person; no demo data needed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import events
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.outbox import OutboxEvent
from api.orientations.models import Orientation, OrientationEvenement
from api.parcours.models import Parcours
from api.referentiel import Role, StatutOrientation, TypeStructure
from api.salaries import service as salaries_service
from api.salaries.events import ConsentementRetire
from api.salaries.models import Consentement, Salarie
from api.structures.models import Structure
from tests import factories


@dataclass
class Dossier:
    actor: Actor
    context: AuditContext
    person: Salarie
    parcours: Parcours
    partenaire: Structure
    autre: Structure
    consent: Consentement

    async def withdraw(self, session: AsyncSession) -> None:
        await salaries_service.revoke_consentement(
            session, self.actor, self.context, self.person.id, self.consent.id, date.today()
        )


async def _dossier(session: AsyncSession) -> Dossier:
    territoire = await factories.territoire(session)
    chantier = await factories.structure(session, territoire)
    partenaire = await factories.structure(session, territoire, TypeStructure.partenaire)
    cip = await factories.user(session, chantier, Role.accompagnateur)
    person = await factories.salarie(session, chantier)
    return Dossier(
        actor=factories.actor(cip, chantier_ids={chantier.id}),
        context=factories.context(cip),
        person=person,
        parcours=await factories.parcours(session, chantier, person, referent_id=cip.id),
        partenaire=partenaire,
        autre=await factories.structure(session, territoire, TypeStructure.partenaire),
        consent=await factories.consentement(session, person, partenaire),
    )


async def _statut(session: AsyncSession, orientation_id: uuid.UUID) -> StatutOrientation | None:
    return await session.scalar(
        select(Orientation.statut)
        .where(Orientation.id == orientation_id)
        .execution_options(populate_existing=True)
    )


async def test_withdrawing_the_last_sharing_consent_cancels_the_open_orientations(
    session: AsyncSession,
) -> None:
    d = await _dossier(session)
    sent = await factories.orientation(session, d.parcours, d.partenaire)
    draft = await factories.orientation(
        session, d.parcours, d.partenaire, StatutOrientation.brouillon
    )
    done = await factories.orientation(
        session, d.parcours, d.partenaire, StatutOrientation.realisee
    )
    elsewhere = await factories.orientation(session, d.parcours, d.autre)

    await d.withdraw(session)

    assert await _statut(session, sent.id) == StatutOrientation.annulee
    assert await _statut(session, draft.id) == StatutOrientation.annulee
    assert await _statut(session, done.id) == StatutOrientation.realisee  # closed: as it was
    assert await _statut(session, elsewhere.id) == StatutOrientation.envoyee  # another partner
    by_system = await session.scalars(
        select(OrientationEvenement.orientation_id).where(
            OrientationEvenement.statut == StatutOrientation.annulee,
            OrientationEvenement.acteur_type == "systeme",
        )
    )
    assert set(by_system.all()) == {sent.id, draft.id}
    told = await session.scalars(
        select(OutboxEvent.payload).where(OutboxEvent.type == "orientation.annulee")
    )
    assert {p["orientation_id"] for p in told.all()} >= {str(sent.id), str(draft.id)}


async def test_a_failing_reaction_takes_the_withdrawal_back_with_it(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: when a handler fails, the consent is not withdrawn either."""
    d = await _dossier(session)
    sent = await factories.orientation(session, d.parcours, d.partenaire)
    # A rolled-back savepoint expires the objects it touched: keep the ids.
    consent_id, sent_id = d.consent.id, sent.id

    async def failing(_session: AsyncSession, _event: ConsentementRetire) -> None:
        raise RuntimeError("handler failed")

    monkeypatch.setitem(
        events._HANDLERS,
        ConsentementRetire,
        [*events.handlers_of(ConsentementRetire), failing],
    )
    with pytest.raises(RuntimeError, match="handler failed"):
        async with session.begin_nested():
            await d.withdraw(session)

    revoked = await session.scalar(
        select(Consentement.revoque_le)
        .where(Consentement.id == consent_id)
        .execution_options(populate_existing=True)
    )
    assert revoked is None
    assert await _statut(session, sent_id) == StatutOrientation.envoyee
