"""The parcours statut: accueil → en_cours ⇄ suspendu → sorti → clos (DOMAIN.md)."""

from __future__ import annotations

from api.core.permissions import Permission
from api.core.statemachine import StateMachine, Transition
from api.referentiel import StatutParcours

S = StatutParcours
OUVERTS = frozenset({S.accueil, S.en_cours, S.suspendu})

PARCOURS: StateMachine[StatutParcours] = StateMachine(
    "le parcours",
    [
        Transition(
            "demarrage",
            frozenset({S.accueil}),
            S.en_cours,
            "Démarrage du parcours",
            Permission.parcours_write,
        ),
        Transition(
            "suspension",
            frozenset({S.en_cours}),
            S.suspendu,
            "Suspension du parcours",
            Permission.parcours_write,
        ),
        Transition(
            "reprise",
            frozenset({S.suspendu}),
            S.en_cours,
            "Reprise du parcours",
            Permission.parcours_write,
        ),
        Transition("sortie", OUVERTS, S.sorti, "Sortie du chantier", Permission.parcours_write),
        Transition(
            "cloture",
            frozenset({S.sorti}),
            S.clos,
            "Clôture du parcours",
            Permission.parcours_write,
        ),
    ],
)
