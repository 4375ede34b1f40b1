"""Same-transaction domain events: a feature reacts to another's change without importing it.

An event is a frozen dataclass named after what happened (`ConsentementRetire`), declared by the
feature that publishes it. A feature that must react registers a handler with `@handles(Event)`
in its own `handlers.py`; `api.handlers` imports every such module, and the entry points
(`api.main`, `api.cli`) import `api.handlers`, so registration never needs an upward import.

`await publish(session, event)` runs the handlers at once, in registration order, in the
caller's session: their writes belong to the same transaction (a failure rolls everything back).
Leaving the system (webhooks, e-mails) stays the outbox's job: a handler writes to the outbox.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

E = TypeVar("E")
Handler = Callable[[AsyncSession, Any], Awaitable[None]]
TypedHandler = Callable[[AsyncSession, E], Awaitable[None]]

_HANDLERS: dict[type, list[Handler]] = {}


class UnhandledEvent(LookupError):
    """An event with no handler: the package that reacts to it was not imported (api.handlers)."""


def handles(
    event_type: type[E],
) -> Callable[
    [Callable[[AsyncSession, E], Awaitable[None]]], Callable[[AsyncSession, E], Awaitable[None]]
]:
    """Register the decorated coroutine as a handler of `event_type`."""

    def register(handler: TypedHandler[E]) -> TypedHandler[E]:
        registered = _HANDLERS.setdefault(event_type, [])
        if handler not in registered:
            registered.append(handler)
        return handler

    return register


def handlers_of(event_type: type) -> tuple[Handler, ...]:
    return tuple(_HANDLERS.get(event_type, ()))


async def publish(session: AsyncSession, event: object) -> None:
    """Run every handler of the event now, in the caller's session and transaction.

    Every event the code publishes carries a rule someone else applies: one with no handler
    means the wiring is missing, and is refused rather than silently dropped."""
    registered = _HANDLERS.get(type(event))
    if not registered:
        raise UnhandledEvent(f"No handler registered for {type(event).__name__}")
    for handler in list(registered):
        await handler(session, event)
