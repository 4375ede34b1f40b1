"""The convention statut: brouillon → en_signature → active → expiree | resiliee."""

from __future__ import annotations

from api.core.permissions import Permission
from api.core.statemachine import StateMachine, Transition
from api.referentiel import StatutConvention

S = StatutConvention
P = Permission.conventions_partenariat  # and, beyond partnerships, the data rule `peut_gerer`

CONVENTION: StateMachine[StatutConvention] = StateMachine(
    "la convention",
    [
        Transition(
            "modification",
            frozenset({S.brouillon, S.en_signature, S.active}),
            None,
            "Modification (après signature : l'échéance seule, par avenant)",
            P,
        ),
        Transition(
            "envoi_signature",
            frozenset({S.brouillon}),
            S.en_signature,
            "Envoi en signature",
            P,
        ),
        Transition("signature", frozenset({S.en_signature}), S.active, "Signature", P),
        Transition("resiliation", frozenset({S.active}), S.resiliee, "Résiliation", P),
        Transition(
            "renouvellement",
            frozenset({S.active, S.expiree}),
            None,
            "Renouvellement (la convention suivante, en brouillon)",
            P,
        ),
        Transition(
            "document",
            frozenset(S),
            None,
            "Ajout d'un document",
            P,
        ),
    ],
)
"""Expiry (active → expiree, past the échéance) is the system's: no caller's verb."""
