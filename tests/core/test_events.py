"""The same-transaction event bus: handlers run in the publisher's session, none is forgotten."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import events
from api.salaries.events import ConsentementRetire


@dataclass(frozen=True)
class Arrive:
    quoi: str


@dataclass(frozen=True)
class Orphelin:
    pass


async def test_handlers_run_in_order_with_the_publishers_session(session: AsyncSession) -> None:
    seen: list[tuple[str, AsyncSession, str]] = []

    @events.handles(Arrive)
    async def first(s: AsyncSession, event: Arrive) -> None:
        seen.append(("first", s, event.quoi))

    @events.handles(Arrive)
    async def second(s: AsyncSession, event: Arrive) -> None:
        seen.append(("second", s, event.quoi))

    events.handles(Arrive)(first)  # registering twice is a no-op
    await events.publish(session, Arrive("x"))
    assert seen == [("first", session, "x"), ("second", session, "x")]


async def test_an_event_nobody_handles_is_refused(session: AsyncSession) -> None:
    with pytest.raises(events.UnhandledEvent):
        await events.publish(session, Orphelin())


def test_the_app_registers_the_orientations_reaction_to_a_withdrawn_consent() -> None:
    import api.main  # noqa: F401  (the app's entry point imports api.handlers)

    names = [h.__module__ for h in events.handlers_of(ConsentementRetire)]
    assert names == ["api.orientations.handlers"]
