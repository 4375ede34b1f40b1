"""The territoire statut: preparation → operationnel ⇄ suspendu (and preparation → suspendu).

The statut changes through `PATCH /territoires/{id}` (`statut`); each target statut is one
verb here, so that outputs list them in `actions`."""

from __future__ import annotations

from api.core.permissions import Permission
from api.core.statemachine import StateMachine, Transition
from api.referentiel import StatutTerritoire

S = StatutTerritoire
P = Permission.territoires_write

TERRITOIRE: StateMachine[StatutTerritoire] = StateMachine(
    "le territoire",
    [
        Transition("modification", frozenset(S), None, "Modification", P),
        Transition(
            "ouverture",
            frozenset({S.preparation, S.suspendu}),
            S.operationnel,
            "Passage en opérationnel",
            P,
        ),
        Transition(
            "suspension",
            frozenset({S.preparation, S.operationnel}),
            S.suspendu,
            "Suspension du territoire",
            P,
        ),
    ],
)

STATUTS_INITIAUX = frozenset({S.preparation, S.suspendu})
"""A territoire is born in preparation (or suspended): it becomes operationnel once its chantier
porteur de la coordination is named."""

VERBE_VERS: dict[StatutTerritoire, str] = {
    t.vers: verbe for verbe, t in TERRITOIRE.transitions.items() if t.vers is not None
}
"""The verb that leads to each statut (the PATCH says the statut)."""
