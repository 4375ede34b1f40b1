"""Orientations to partners and the webhooks that tell them."""

from __future__ import annotations

import enum


class StatutOrientation(enum.StrEnum):
    brouillon = "brouillon"
    envoyee = "envoyee"
    acceptee = "acceptee"
    refusee = "refusee"
    realisee = "realisee"
    abandonnee = "abandonnee"
    annulee = "annulee"
    expiree = "expiree"


class Urgence(enum.StrEnum):
    normale = "normale"
    urgente = "urgente"


class MotifRefus(enum.StrEnum):
    hors_criteres = "hors_criteres"
    pas_de_place = "pas_de_place"
    personne_injoignable = "personne_injoignable"
    doublon = "doublon"
    autre = "autre"


class ElementPartage(enum.StrEnum):
    identite = "identite"
    contact = "contact"
    besoin = "besoin"
    situation = "situation"


class StatutLivraison(enum.StrEnum):
    en_attente = "en_attente"
    livree = "livree"
    echouee = "echouee"
