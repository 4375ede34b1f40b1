"""Applications to join the network ("Être partenaire"): the three paths and their statut."""

from __future__ import annotations

import enum


class VoieCandidature(enum.StrEnum):
    chantier_porteur = "chantier_porteur"
    partenaire = "partenaire"
    financeur = "financeur"


class StatutCandidature(enum.StrEnum):
    brouillon = "brouillon"
    soumise = "soumise"
    en_instruction = "en_instruction"
    acceptee = "acceptee"
    refusee = "refusee"
    sans_suite = "sans_suite"


class TypeSoutien(enum.StrEnum):
    financier = "financier"
    mecenat_competences = "mecenat_competences"
    en_nature = "en_nature"
    autre = "autre"
