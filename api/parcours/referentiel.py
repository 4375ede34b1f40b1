"""The official lists of the parcours: exit motifs and their IAE category, housing situations."""

from __future__ import annotations

import enum


class TypeEntretien(enum.StrEnum):
    individuel = "individuel"
    telephonique = "telephonique"
    visite = "visite"
    tripartite = "tripartite"
    collectif = "collectif"


# The journal title of an entretien, by its type (what people read in the journal).
TITRES_ENTRETIEN: dict[TypeEntretien, str] = {
    TypeEntretien.individuel: "Entretien individuel",
    TypeEntretien.telephonique: "Entretien téléphonique",
    TypeEntretien.visite: "Visite à domicile ou sur site",
    TypeEntretien.tripartite: "Entretien tripartite",
    TypeEntretien.collectif: "Atelier collectif",
}


class CategorieSortie(enum.StrEnum):
    emploi_durable = "emploi_durable"
    emploi_transition = "emploi_transition"
    sortie_positive = "sortie_positive"
    autre_sortie = "autre_sortie"
    retrait = "retrait"


class MotifSortie(enum.StrEnum):
    # emploi_durable
    cdi = "cdi"
    cdd_interim_6_mois_ou_plus = "cdd_interim_6_mois_ou_plus"
    titularisation_fonction_publique = "titularisation_fonction_publique"
    creation_reprise_entreprise = "creation_reprise_entreprise"
    # emploi_transition
    cdd_interim_moins_6_mois = "cdd_interim_moins_6_mois"
    contrat_aide_employeur_ordinaire = "contrat_aide_employeur_ordinaire"
    # sortie_positive
    formation_qualifiante = "formation_qualifiante"
    embauche_autre_siae = "embauche_autre_siae"
    # autre_sortie
    chomage = "chomage"
    inactif = "inactif"
    sans_nouvelle = "sans_nouvelle"
    retraite = "retraite"
    rupture_faute_grave = "rupture_faute_grave"
    decision_administrative_ou_justice = "decision_administrative_ou_justice"
    demenagement = "demenagement"
    deces = "deces"
    hospitalisation_longue = "hospitalisation_longue"
    # retrait
    transfert_employeur = "transfert_employeur"
    sortie_automatique = "sortie_automatique"
    duree_minimale_non_atteinte = "duree_minimale_non_atteinte"


_BY_CATEGORY: dict[CategorieSortie, tuple[MotifSortie, ...]] = {
    CategorieSortie.emploi_durable: (
        MotifSortie.cdi,
        MotifSortie.cdd_interim_6_mois_ou_plus,
        MotifSortie.titularisation_fonction_publique,
        MotifSortie.creation_reprise_entreprise,
    ),
    CategorieSortie.emploi_transition: (
        MotifSortie.cdd_interim_moins_6_mois,
        MotifSortie.contrat_aide_employeur_ordinaire,
    ),
    CategorieSortie.sortie_positive: (
        MotifSortie.formation_qualifiante,
        MotifSortie.embauche_autre_siae,
    ),
    CategorieSortie.autre_sortie: (
        MotifSortie.chomage,
        MotifSortie.inactif,
        MotifSortie.sans_nouvelle,
        MotifSortie.retraite,
        MotifSortie.rupture_faute_grave,
        MotifSortie.decision_administrative_ou_justice,
        MotifSortie.demenagement,
        MotifSortie.deces,
        MotifSortie.hospitalisation_longue,
    ),
    CategorieSortie.retrait: (
        MotifSortie.transfert_employeur,
        MotifSortie.sortie_automatique,
        MotifSortie.duree_minimale_non_atteinte,
    ),
}
CATEGORIE_DU_MOTIF: dict[MotifSortie, CategorieSortie] = {
    motif: categorie for categorie, motifs in _BY_CATEGORY.items() for motif in motifs
}
SORTIES_DYNAMIQUES = frozenset(
    {
        CategorieSortie.emploi_durable,
        CategorieSortie.emploi_transition,
        CategorieSortie.sortie_positive,
    }
)
EMPLOI = frozenset({CategorieSortie.emploi_durable, CategorieSortie.emploi_transition})


def categorie(motif: MotifSortie) -> CategorieSortie:
    """The official category is derived from the motif, never typed."""
    return CATEGORIE_DU_MOTIF[motif]


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
