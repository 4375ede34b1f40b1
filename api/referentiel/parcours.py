"""The parcours: statut, contracts, post-exit follow-up, journal."""

from __future__ import annotations

import enum


class StatutParcours(enum.StrEnum):
    accueil = "accueil"
    en_cours = "en_cours"
    suspendu = "suspendu"
    sorti = "sorti"
    clos = "clos"


class TypeContrat(enum.StrEnum):
    cddi_convergence = "cddi_convergence"
    cddi = "cddi"


class ResultatSuivi(enum.StrEnum):
    joint = "joint"
    non_joint = "non_joint"


class TypeJournal(enum.StrEnum):
    entretien = "entretien"
    note = "note"
    synthese = "synthese"
    transition = "transition"
    contrat = "contrat"
    sortie = "sortie"
    suivi = "suivi"


class Confidentialite(enum.StrEnum):
    normale = "normale"
    restreint = "restreint"


class EtatSuivi(enum.StrEnum):
    """Where the post-exit follow-up of an exited parcours stands."""

    planifie = "planifie"
    sans_objet = "sans_objet"
    historique_renseigne = "historique_renseigne"
    non_suivi_historique = "non_suivi_historique"
