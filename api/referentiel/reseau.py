"""The network: territoires, structures, partners and conventions."""

from __future__ import annotations

import enum


class Densite(enum.StrEnum):
    dense = "dense"
    peu_dense = "peu_dense"


class StatutTerritoire(enum.StrEnum):
    preparation = "preparation"
    operationnel = "operationnel"
    suspendu = "suspendu"


class TypeStructure(enum.StrEnum):
    convergence_france = "convergence_france"
    fas = "fas"
    chantier = "chantier"
    partenaire = "partenaire"
    financeur = "financeur"
    evaluateur = "evaluateur"


class TypePartenaire(enum.StrEnum):
    france_travail = "france_travail"
    mission_locale = "mission_locale"
    cap_emploi = "cap_emploi"
    ccas = "ccas"
    chrs = "chrs"
    chu = "chu"
    siao = "siao"
    csapa = "csapa"
    cmp = "cmp"
    pass_hospitaliere = "pass_hospitaliere"
    cpam = "cpam"
    caf = "caf"
    bailleur_social = "bailleur_social"
    spip = "spip"
    association = "association"
    autre = "autre"


class Engagement(enum.StrEnum):
    contact = "contact"
    engage = "engage"
    inactif = "inactif"


class TypeConvention(enum.StrEnum):
    nationale = "nationale"
    coordination = "coordination"
    mise_en_oeuvre = "mise_en_oeuvre"
    partenariat = "partenariat"
    financement = "financement"


class StatutConvention(enum.StrEnum):
    brouillon = "brouillon"
    en_signature = "en_signature"
    active = "active"
    expiree = "expiree"
    resiliee = "resiliee"


class RolePartie(enum.StrEnum):
    signataire = "signataire"
    porteur = "porteur"
    partenaire = "partenaire"
    financeur = "financeur"
