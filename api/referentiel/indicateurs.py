"""Indicators: their codes, groupings and cells."""

from __future__ import annotations

import enum


class GroupePar(enum.StrEnum):
    territoire = "territoire"
    chantier = "chantier"
    annee = "annee"


class TypeCellule(enum.StrEnum):
    total = "total"
    territoire = "territoire"
    chantier = "chantier"
    annee = "annee"


class BaseCalcul(enum.StrEnum):
    sorties = "sorties"
    cohorte = "cohorte"


class CodeIndicateur(enum.StrEnum):
    effectif = "effectif"
    public_rue = "public_rue"
    sorties = "sorties"
    sorties_dynamiques = "sorties_dynamiques"
    emploi_durable = "emploi_durable"
    emploi_transition = "emploi_transition"
    sortie_positive = "sortie_positive"
    autre_sortie = "autre_sortie"
    en_logement = "en_logement"
    logement_ameliore = "logement_ameliore"
    sante_amelioree = "sante_amelioree"
    droits_accrus = "droits_accrus"
    suivi6_prevus = "suivi6_prevus"
    suivi6_tenus = "suivi6_tenus"
    suivi6_emploi = "suivi6_emploi"
    suivi6_logement = "suivi6_logement"
    suivi12_prevus = "suivi12_prevus"
    suivi12_tenus = "suivi12_tenus"
    suivi12_emploi = "suivi12_emploi"
    suivi12_logement = "suivi12_logement"
    orientations = "orientations"
    orientations_repondues = "orientations_repondues"
    orientations_acceptees = "orientations_acceptees"


class Masquage(enum.StrEnum):
    """Why a count is hidden: a count below the threshold (zeros included), shown "< 11";
    or a larger one hidden so that no small count can be narrowed down (or a total no
    published sum covers), shown "masqué"."""

    petit_effectif = "petit_effectif"
    complementaire = "complementaire"
