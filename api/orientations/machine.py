"""The orientation statut: brouillon → envoyee → acceptee → realisee, with the ways out
(refusee, annulee, abandonnee, expiree)."""

from __future__ import annotations

from api.core.permissions import Permission
from api.core.statemachine import StateMachine, Transition
from api.referentiel import StatutOrientation

S = StatutOrientation
P = Permission
OUVERTES = frozenset({S.envoyee, S.acceptee})
"""Sent and not closed: the partner has it in hand."""

ORIENTATION: StateMachine[StatutOrientation] = StateMachine(
    "l'orientation",
    [
        Transition(
            "modification", frozenset({S.brouillon}), None, "Modification", P.orientations_create
        ),
        Transition("envoi", frozenset({S.brouillon}), S.envoyee, "Envoi", P.orientations_create),
        Transition(
            "annulation",
            frozenset({S.brouillon}) | OUVERTES,
            S.annulee,
            "Annulation",
            P.orientations_create,
        ),
        Transition(
            "acceptation", frozenset({S.envoyee}), S.acceptee, "Acceptation", P.orientations_answer
        ),
        Transition("refus", frozenset({S.envoyee}), S.refusee, "Refus", P.orientations_answer),
        Transition(
            "realisation", frozenset({S.acceptee}), S.realisee, "Réalisation", P.orientations_answer
        ),
        Transition(
            "abandon", frozenset({S.acceptee}), S.abandonnee, "Abandon", P.orientations_message
        ),
        Transition(
            "message",
            frozenset(S) - {S.brouillon},
            None,
            "Message au partenaire",
            P.orientations_message,
        ),
    ],
)
"""Expiry (envoyee → expiree) is the system's, after the answer delay: no caller's verb."""
