"""The person's rights: access export and erasure."""

from __future__ import annotations

import enum


class FormatDonnees(enum.StrEnum):
    json = "json"
    html = "html"


class MotifEffacement(enum.StrEnum):
    demande_personne = "demande_personne"
    opposition = "opposition"
    traitement_illicite = "traitement_illicite"


class ElementRestant(enum.StrEnum):
    statistiques = "statistiques"
    contrats = "contrats"
    journal_audit = "journal_audit"
    copies_partenaires = "copies_partenaires"
