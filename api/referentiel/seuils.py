"""The thresholds of the programme's rules, each defined once."""

from __future__ import annotations

SEUIL_SECRET = 11
"""Small-cell protection: a count from 1 to SEUIL_SECRET - 1 is never shown to a masked
reader (and a chantier of fewer people is merged into « autres » in the evaluation file)."""

DUREE_MAX_MOIS = 60
"""A parcours may not exceed five years from its entry date."""

DUREE_NORME_MOIS = 24
"""Past the IAE norm of two years, a parcours carries a written justification."""

SUIVIS_MOIS = (1, 3, 6, 12)
"""Post-exit check-ins, in months after an exit to a job or to lasting housing."""
