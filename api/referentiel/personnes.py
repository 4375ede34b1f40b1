"""People followed: identity, consents, external référents, who sent them."""

from __future__ import annotations

import enum


class Sexe(enum.StrEnum):
    femme = "femme"
    homme = "homme"
    autre = "autre"


class TypeConsentement(enum.StrEnum):
    notice_information = "notice_information"
    partage_partenaire = "partage_partenaire"
    usage_evaluation = "usage_evaluation"


class FonctionReferent(enum.StrEnum):
    assistant_social = "assistant_social"
    spip = "spip"
    referent_rsa = "referent_rsa"
    educateur = "educateur"
    equipe_de_rue = "equipe_de_rue"
    medecin = "medecin"
    autre = "autre"


class Prescripteur(enum.StrEnum):
    maraude = "maraude"
    accueil_de_jour = "accueil_de_jour"
    siao = "siao"
    spip = "spip"
    france_travail = "france_travail"
    autre = "autre"
