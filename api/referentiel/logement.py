"""Housing situations (one list for entry, each diagnostic and exit) and their groups."""

from __future__ import annotations

import enum


class GroupeLogement(enum.StrEnum):
    rue = "rue"
    urgence = "urgence"
    insertion = "insertion"
    temporaire = "temporaire"
    institution = "institution"
    logement_adapte = "logement_adapte"
    logement_autonome = "logement_autonome"
    inconnu = "inconnu"


class SituationLogement(enum.StrEnum):
    sans_abri = "sans_abri"
    squat = "squat"
    habitat_de_fortune = "habitat_de_fortune"
    urgence_115 = "urgence_115"
    chu = "chu"
    hotel_social = "hotel_social"
    chrs = "chrs"
    cada = "cada"
    cph = "cph"
    heberge_chez_un_tiers = "heberge_chez_un_tiers"
    residence_temporaire = "residence_temporaire"
    hopital = "hopital"
    prison = "prison"
    foyer_de_soins = "foyer_de_soins"
    pension_de_famille = "pension_de_famille"
    residence_sociale = "residence_sociale"
    intermediation_locative = "intermediation_locative"
    locataire_parc_social = "locataire_parc_social"
    locataire_parc_prive = "locataire_parc_prive"
    proprietaire = "proprietaire"
    inconnu = "inconnu"


GROUPE_DE_SITUATION: dict[SituationLogement, GroupeLogement] = {
    SituationLogement.sans_abri: GroupeLogement.rue,
    SituationLogement.squat: GroupeLogement.rue,
    SituationLogement.habitat_de_fortune: GroupeLogement.rue,
    SituationLogement.urgence_115: GroupeLogement.urgence,
    SituationLogement.chu: GroupeLogement.urgence,
    SituationLogement.hotel_social: GroupeLogement.urgence,
    SituationLogement.chrs: GroupeLogement.insertion,
    SituationLogement.cada: GroupeLogement.insertion,
    SituationLogement.cph: GroupeLogement.insertion,
    SituationLogement.heberge_chez_un_tiers: GroupeLogement.temporaire,
    SituationLogement.residence_temporaire: GroupeLogement.temporaire,
    SituationLogement.hopital: GroupeLogement.institution,
    SituationLogement.prison: GroupeLogement.institution,
    SituationLogement.foyer_de_soins: GroupeLogement.institution,
    SituationLogement.pension_de_famille: GroupeLogement.logement_adapte,
    SituationLogement.residence_sociale: GroupeLogement.logement_adapte,
    SituationLogement.intermediation_locative: GroupeLogement.logement_adapte,
    SituationLogement.locataire_parc_social: GroupeLogement.logement_autonome,
    SituationLogement.locataire_parc_prive: GroupeLogement.logement_autonome,
    SituationLogement.proprietaire: GroupeLogement.logement_autonome,
    SituationLogement.inconnu: GroupeLogement.inconnu,
}
EN_LOGEMENT = frozenset({GroupeLogement.logement_adapte, GroupeLogement.logement_autonome})


def groupe(situation: SituationLogement) -> GroupeLogement:
    return GROUPE_DE_SITUATION[situation]
