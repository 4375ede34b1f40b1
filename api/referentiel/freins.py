"""Diagnostics, freins and their actions."""

from __future__ import annotations

import enum


class KindReferentiel(enum.StrEnum):
    situation = "situation"
    objectif = "objectif"
    type_action = "type_action"


class EtapeDiagnostic(enum.StrEnum):
    entree = "entree"
    suivi = "suivi"
    sortie = "sortie"
    post_sortie = "post_sortie"


class StatutDiagnostic(enum.StrEnum):
    brouillon = "brouillon"
    valide = "valide"


class StatutFrein(enum.StrEnum):
    identifie = "identifie"
    en_traitement = "en_traitement"
    leve = "leve"
    non_leve = "non_leve"


class StatutAction(enum.StrEnum):
    prevue = "prevue"
    en_cours = "en_cours"
    realisee = "realisee"
    abandonnee = "abandonnee"
