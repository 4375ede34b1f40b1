"""The starting référentiel of freins (DOMAIN.md, issue): situations, objectifs, types of action.

Loaded by a migration; admins add values later and retire those no longer offered.
"""

from __future__ import annotations

from api.referentiel import GROUPE_DE_SITUATION

SITUATIONS: dict[str, list[tuple[str, str]]] = {
    "logement": [
        (s.value, label)
        for s, label in zip(
            GROUPE_DE_SITUATION,
            [
                "Sans abri",
                "Squat",
                "Habitat de fortune",
                "Hébergement d'urgence (115)",
                "Centre d'hébergement d'urgence (CHU)",
                "Hôtel social",
                "CHRS",
                "CADA",
                "CPH",
                "Hébergé·e chez un tiers",
                "Résidence temporaire",
                "Hôpital",
                "Prison",
                "Foyer de soins",
                "Pension de famille",
                "Résidence sociale",
                "Intermédiation locative",
                "Locataire du parc social",
                "Locataire du parc privé",
                "Propriétaire",
                "Situation inconnue",
            ],
            strict=True,
        )
    ],
    "sante": [
        ("sans_couverture", "Sans couverture maladie"),
        ("couverture_base", "Couverture de base seule"),
        ("complementaire", "Couverture + complémentaire (CSS, mutuelle)"),
        ("medecin_traitant", "Médecin traitant déclaré"),
        ("suivi_specialise", "Suivi spécialisé engagé (addictologie, santé mentale)"),
        ("dossier_mdph", "Dossier MDPH"),
    ],
    "droits": [
        ("piece_identite", "Pièce d'identité valide"),
        ("titre_sejour", "Titre de séjour"),
        ("domiciliation", "Domiciliation"),
        ("compte_bancaire", "Compte bancaire"),
        ("rsa_prime_activite", "RSA / prime d'activité"),
        ("css", "Complémentaire santé solidaire (CSS)"),
        ("aah", "AAH"),
        ("avis_imposition", "Avis d'imposition"),
        ("dossier_surendettement", "Dossier de surendettement"),
    ],
    "emploi": [
        ("sans_projet", "Pas de projet professionnel"),
        ("projet_en_construction", "Projet professionnel en construction"),
        ("projet_defini", "Projet professionnel défini"),
        ("inscrit_france_travail", "Inscrit·e à France Travail"),
        ("formation_en_cours", "Formation en cours"),
    ],
    "mobilite": [
        ("sans_moyen", "Sans moyen de transport"),
        ("transports_en_commun", "Utilise les transports en commun"),
        ("permis_en_cours", "Permis en cours"),
        ("permis", "Permis de conduire"),
    ],
    "finances": [
        ("sans_ressources", "Sans ressources"),
        ("dettes", "Dettes"),
        ("budget_accompagne", "Budget accompagné"),
    ],
    "justice": [
        ("sous_main_justice", "Sous main de justice"),
        ("suivi_spip", "Suivi SPIP"),
        ("procedure_en_cours", "Procédure en cours"),
    ],
    "famille": [
        ("enfants_a_charge", "Enfants à charge"),
        ("separation", "Séparation en cours"),
        ("isolement", "Isolement"),
    ],
    "langue": [
        ("fle_debutant", "Français langue étrangère : débutant"),
        ("fle_intermediaire", "Français langue étrangère : intermédiaire"),
        ("illettrisme", "Illettrisme"),
    ],
    "numerique": [
        ("sans_equipement", "Sans équipement numérique"),
        ("sans_adresse_mail", "Sans adresse e-mail"),
        ("autonome", "Autonome en démarches en ligne"),
    ],
}

TYPES_ACTION: dict[str, list[tuple[str, str]]] = {
    "logement": [
        ("demande_siao", "Demande SIAO"),
        ("demande_logement_social", "Demande de logement social"),
        ("dalo", "Recours DALO"),
    ],
    "sante": [
        ("ouverture_css", "Ouverture CSS"),
        ("demande_ame", "Demande AME"),
        ("declaration_medecin_traitant", "Déclaration de médecin traitant"),
        ("orientation_soins", "Orientation vers le soin"),
    ],
    "droits": [
        ("domiciliation", "Domiciliation"),
        ("carte_identite", "Carte d'identité"),
        ("ouverture_compte", "Ouverture de compte bancaire"),
        ("demande_rsa", "Demande de RSA / prime d'activité"),
    ],
    "emploi": [
        ("inscription_france_travail", "Inscription France Travail"),
        ("formation", "Formation"),
        ("immersion", "Immersion en entreprise"),
    ],
    "mobilite": [("permis", "Permis de conduire"), ("aide_mobilite", "Aide à la mobilité")],
    "finances": [("dossier_surendettement", "Dossier de surendettement")],
    "justice": [("lien_spip", "Lien avec le SPIP")],
    "famille": [("mode_de_garde", "Mode de garde")],
    "langue": [("cours_fle", "Cours de français")],
    "numerique": [("atelier_numerique", "Atelier numérique")],
}

OBJECTIFS: dict[str, list[tuple[str, str]]] = {
    "logement": [
        ("acceder_logement", "Accéder à un logement"),
        ("stabiliser_hebergement", "Stabiliser l'hébergement"),
    ],
    "sante": [
        ("couverture_complete", "Couverture maladie complète"),
        ("suivi_medical", "Suivi médical régulier"),
    ],
    "droits": [("ouvrir_droits", "Ouvrir les droits"), ("papiers", "Obtenir les papiers")],
    "emploi": [
        ("projet_professionnel", "Construire le projet professionnel"),
        ("acceder_emploi", "Accéder à un emploi"),
    ],
    "mobilite": [("autonomie_deplacement", "Se déplacer en autonomie")],
    "finances": [("stabiliser_budget", "Stabiliser le budget")],
    "justice": [("respecter_obligations", "Respecter les obligations")],
    "famille": [("concilier_vie_familiale", "Concilier vie familiale et travail")],
    "langue": [("progresser_francais", "Progresser en français")],
    "numerique": [("autonomie_numerique", "Devenir autonome en numérique")],
}
