"""One shape for every statut: its transitions, who may apply them, and what a caller may do now.

Each feature declares its machine once (`PARCOURS = StateMachine(...)`), services call
`machine.check(statut, verbe)` before a move (one `TransitionRefusee`, with a French
message), and every output of an object with a statut carries `actions`: the verbs this
caller may apply now (state × permission × the data rules the feature passes in). The SPA
shows its buttons from `actions` only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from api.core.auth import Actor
from api.core.errors import Conflict
from api.core.permissions import Permission
from api.referentiel import libelle

S = TypeVar("S", bound=enum.StrEnum)


class TransitionRefusee(Conflict):
    code = "transition_refusee"
    title = "Transition impossible"


@dataclass(frozen=True)
class Transition(Generic[S]):
    verbe: str
    """The verb of the API (`POST /parcours/{id}/sortie` is `sortie`), also the action name."""
    depuis: frozenset[S]
    vers: S | None
    """None for a verb that keeps the statut (an edit, a message)."""
    libelle: str
    """French, as a person reads it: « Sortie du chantier »."""
    permission: Permission

    @property
    def depuis_un(self) -> S:
        """One statut the transition applies from (to reach the enum, e.g. to order them)."""
        return min(self.depuis)


class StateMachine(Generic[S]):
    def __init__(self, objet: str, transitions: Iterable[Transition[S]]) -> None:
        self.objet = objet
        """How a message names the object: « le parcours », « la convention »."""
        self.transitions: dict[str, Transition[S]] = {t.verbe: t for t in transitions}

    def __getitem__(self, verbe: str) -> Transition[S]:
        return self.transitions[verbe]

    def allowed(self, statut: S, verbe: str) -> bool:
        return statut in self.transitions[verbe].depuis

    def check(self, statut: S, verbe: str) -> Transition[S]:
        """The transition, or 409 `transition_refusee` when the statut does not allow it."""
        transition = self.transitions[verbe]
        if statut not in transition.depuis:
            raise TransitionRefusee(
                f"{transition.libelle} impossible : {self.objet} est « {libelle(statut).lower()} »."
            )
        return transition

    def destinations(self, statut: S) -> set[S]:
        return {t.vers for t in self.transitions.values() if statut in t.depuis and t.vers}

    def actions(
        self, statut: S, actor: Actor, refusees: Mapping[str, bool] | None = None
    ) -> list[str]:
        """The verbs `actor` may apply now: allowed from `statut`, permitted to the actor, and
        not refused by a data rule of the feature (`refusees={"sortie": True}`)."""
        refused = refusees or {}
        return [
            verbe
            for verbe, t in self.transitions.items()
            if statut in t.depuis and actor.can(t.permission) and not refused.get(verbe, False)
        ]
