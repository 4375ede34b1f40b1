"""The domaines of a person's barriers (freins), orientations and partners."""

from __future__ import annotations

import enum


class Domaine(enum.StrEnum):
    logement = "logement"
    sante = "sante"
    droits = "droits"
    emploi = "emploi"
    mobilite = "mobilite"
    finances = "finances"
    justice = "justice"
    famille = "famille"
    langue = "langue"
    numerique = "numerique"


DOMAINES_SENSIBLES = frozenset({Domaine.sante})
"""Domaines whose details (situations, comments, actions) are health data (RGPD art. 9):
shown only to the holders of `sante:read`."""
