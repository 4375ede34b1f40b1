"""The application statut: brouillon → soumise → en_instruction → acceptee | refusee | sans_suite.

The applicant drafts and sends (`soumission`, through the link of their e-mail: no account,
so no permission: the public routes check `allowed`); the instructors take it up, comment and
decide. Every output lists the verbs its caller may apply now in `actions`."""

from __future__ import annotations

from api.core.permissions import Permission
from api.core.statemachine import StateMachine, Transition
from api.referentiel import StatutCandidature

S = StatutCandidature
P = Permission.candidatures_instruire

CANDIDATURE: StateMachine[StatutCandidature] = StateMachine(
    "la candidature",
    [
        Transition("commentaire", frozenset({S.soumise, S.en_instruction}), None, "Commentaire", P),
        Transition(
            "instruction", frozenset({S.soumise}), S.en_instruction, "Prise en instruction", P
        ),
        Transition("acceptation", frozenset({S.en_instruction}), S.acceptee, "Acceptation", P),
        Transition("refus", frozenset({S.en_instruction}), S.refusee, "Refus", P),
        Transition(
            "classement",
            frozenset({S.soumise, S.en_instruction}),
            S.sans_suite,
            "Classement sans suite",
            P,
        ),
    ],
)

SOUMISSION = Transition(
    "soumission", frozenset({S.brouillon}), S.soumise, "Envoi de la candidature", P
)
"""The applicant's verb (the link of their e-mail is their only credential)."""

MODIFIABLE = frozenset({S.brouillon})
DECIDEES = frozenset({S.acceptee, S.refusee, S.sans_suite})
"""Statuts where the applicant receives a decision message."""
A_INSTRUIRE = frozenset({S.soumise, S.en_instruction})
