"""Roles of the people and API clients, and the scopes a client token carries."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    admin_national = "admin_national"
    coordinateur = "coordinateur"
    charge_partenariat = "charge_partenariat"
    direction_chantier = "direction_chantier"
    accompagnateur = "accompagnateur"
    encadrant_technique = "encadrant_technique"
    partenaire = "partenaire"
    fas = "fas"
    evaluateur = "evaluateur"
    financeur = "financeur"


class Scope(enum.StrEnum):
    """What an API client's token carries (OAuth2 scopes)."""

    orientations_read = "orientations:read"
    orientations_write = "orientations:write"
    indicateurs_read = "indicateurs:read"
    exports_read = "exports:read"
    referentiel_read = "referentiel:read"
