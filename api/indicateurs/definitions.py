"""The indicators: their codes, French labels, denominators and exact rules.

One table, read by the computation, the API schema, the exports' definitions sheet
and docs/indicateurs.md (a test keeps the document in step).
"""

from __future__ import annotations

from dataclasses import dataclass

from api.referentiel import SEUIL_SECRET, CodeIndicateur


@dataclass(frozen=True)
class Definition:
    code: CodeIndicateur
    libelle: str
    denominateur: CodeIndicateur | None
    regle: str


C = CodeIndicateur
DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        C.effectif,
        "Parcours du périmètre",
        None,
        "Sorties comptées de la période (hors retraits), ou parcours entrés l'année de la cohorte.",
    ),
    Definition(
        C.public_rue,
        "Public ayant connu la rue",
        C.effectif,
        "Parcours dont la personne a déclaré un parcours de rue à l'entrée.",
    ),
    Definition(
        C.sorties,
        "Sorties comptées",
        C.effectif,
        "Sorties hors catégorie « retrait » (transfert d'employeur, sortie automatique, "
        "durée minimale non atteinte), qui ne sont pas comptées.",
    ),
    Definition(
        C.sorties_dynamiques,
        "Sorties dynamiques",
        C.sorties,
        "Sorties en emploi durable, en emploi de transition ou positives ; "
        "la catégorie découle du motif de sortie.",
    ),
    Definition(
        C.emploi_durable,
        "Emploi durable",
        C.sorties,
        "CDI, CDD ou intérim de 6 mois ou plus, titularisation, création ou reprise d'entreprise.",
    ),
    Definition(
        C.emploi_transition,
        "Emploi de transition",
        C.sorties,
        "CDD ou intérim de moins de 6 mois, contrat aidé chez un employeur ordinaire.",
    ),
    Definition(
        C.sortie_positive,
        "Sortie positive",
        C.sorties,
        "Formation qualifiante ou pré-qualifiante, embauche dans une autre SIAE.",
    ),
    Definition(
        C.autre_sortie,
        "Autre sortie",
        C.sorties,
        "Chômage, inactivité, sans nouvelle, retraite, rupture, décision administrative "
        "ou de justice, déménagement, décès, hospitalisation longue.",
    ),
    Definition(
        C.en_logement,
        "En logement à la sortie",
        C.sorties,
        "Situation de logement à la sortie dans le groupe « logement adapté » (pension de "
        "famille, résidence sociale, intermédiation locative) ou « logement autonome » "
        "(locataire du parc social ou privé, propriétaire). Une situation inconnue ne compte pas.",
    ),
    Definition(
        C.logement_ameliore,
        "Logement amélioré depuis l'entrée",
        C.sorties,
        "Le groupe de logement à la sortie est plus haut qu'à l'entrée sur l'échelle rue < "
        "urgence = institution < insertion = temporaire < logement adapté < logement autonome. "
        "Une situation inconnue, à l'entrée ou à la sortie, ne compte pas comme une amélioration.",
    ),
    Definition(
        C.sante_amelioree,
        "Santé mieux prise en charge",
        C.sorties,
        "Entre le diagnostic d'entrée et le diagnostic de sortie validés, le score santé "
        "augmente : couverture (aucune 0, de base 1, avec complémentaire/CSS 2) plus 1 pour un "
        "médecin traitant et 1 pour un suivi spécialisé. Sans l'un des deux diagnostics, la "
        "sortie ne compte pas comme une amélioration.",
    ),
    Definition(
        C.droits_accrus,
        "Droits accrus",
        C.sorties,
        "Le diagnostic de sortie compte plus de droits ouverts que celui d'entrée parmi : pièce "
        "d'identité, titre de séjour, domiciliation, compte bancaire, RSA ou prime d'activité, "
        "CSS, AAH, avis d'imposition. Sans l'un des deux diagnostics, pas d'amélioration.",
    ),
    Definition(
        C.suivi6_prevus,
        "Suivis à 6 mois échus",
        C.sorties,
        "Sorties dont le suivi post-sortie à 6 mois est prévu à un mois déjà commencé.",
    ),
    Definition(
        C.suivi6_tenus,
        "Suivis à 6 mois tenus",
        C.suivi6_prevus,
        "Suivis à 6 mois réalisés où la personne a été jointe.",
    ),
    Definition(
        C.suivi6_emploi,
        "En emploi à 6 mois",
        C.suivi6_tenus,
        "Personnes jointes à 6 mois et en emploi.",
    ),
    Definition(
        C.suivi6_logement,
        "En logement à 6 mois",
        C.suivi6_tenus,
        "Personnes jointes à 6 mois en logement adapté ou autonome.",
    ),
    Definition(
        C.suivi12_prevus,
        "Suivis à 12 mois échus",
        C.sorties,
        "Sorties dont le suivi post-sortie à 12 mois est prévu à un mois déjà commencé.",
    ),
    Definition(
        C.suivi12_tenus,
        "Suivis à 12 mois tenus",
        C.suivi12_prevus,
        "Suivis à 12 mois réalisés où la personne a été jointe.",
    ),
    Definition(
        C.suivi12_emploi,
        "En emploi à 12 mois",
        C.suivi12_tenus,
        "Personnes jointes à 12 mois et en emploi.",
    ),
    Definition(
        C.suivi12_logement,
        "En logement à 12 mois",
        C.suivi12_tenus,
        "Personnes jointes à 12 mois en logement adapté ou autonome.",
    ),
    Definition(
        C.orientations,
        "Orientations envoyées",
        None,
        "Orientations envoyées à un partenaire pour les parcours du périmètre (brouillons exclus).",
    ),
    Definition(
        C.orientations_repondues,
        "Orientations ayant reçu une réponse",
        C.orientations,
        "Orientations acceptées, refusées ou réalisées par le partenaire.",
    ),
    Definition(
        C.orientations_acceptees,
        "Orientations acceptées",
        C.orientations_repondues,
        "Parmi les orientations répondues, celles acceptées ou réalisées.",
    ),
)
BY_CODE = {d.code: d for d in DEFINITIONS}

# The brochure's table: the headline of the indicators page.
BROCHURE = (C.public_rue, C.sorties_dynamiques, C.en_logement, C.sante_amelioree, C.droits_accrus)

PERIODES = (
    "Période : une sortie compte pour son mois (les dates sont arrondies au mois dans les "
    "enregistrements statistiques, qui survivent à l'anonymisation des dossiers)."
)
DUREE = (
    "Durée du parcours : de l'entrée à la sortie, en mois de 30,44 jours, sur les sorties "
    "comptées ; moyenne et médiane."
)
DELAI = "Délai de réponse : de l'envoi à la première réponse du partenaire, en jours, moyenne."
MASQUAGE = (
    "Secret statistique : pour les rôles sans accès nominatif (FAS, financeur, chargé de "
    f"partenariat), tout effectif de 1 à {SEUIL_SECRET - 1} est masqué (« < {SEUIL_SECRET} »), "
    "ainsi que les taux qui en "
    "dépendent, et d'autres cases sont masquées en complément pour qu'aucune case masquée ne "
    "puisse être recalculée par différence."
)
