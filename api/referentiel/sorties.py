"""Exits: the official IAE categories and the motifs they are derived from."""

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
