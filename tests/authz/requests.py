"""How to call each operation of the matrix, for an object in or out of the caller's perimeter."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

from api.candidatures.publique import jeton_formulaire
from api.demo.seed import DEMO_PASSWORD
from api.imports.gabarit import EXEMPLE, csv_text
from api.settings import DEMO_SECRET_KEY, Settings
from tests.conftest import DemoIds

OWN, FOREIGN = "own", "foreign"
MATRIX = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "authz_matrix.yaml").read_text(encoding="utf-8")
)


def allowed_caller(operation: str) -> str:
    """A caller that gets past authorization and perimeter (for the `own` object), so that
    a request reaches the operation's own code: the first such caller, else the admin (for
    operations whose example object is never found, e.g. a delivery to replay)."""
    spec = MATRIX["operations"][operation]
    for caller in ["admin", *MATRIX["callers"]]:
        expected = spec.get(caller, spec["default"])
        status = expected[OWN] if isinstance(expected, dict) else expected
        if spec.get("public") or status not in (401, 403, 404):
            return str(caller)
    return "admin"


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    # For PATCH: read this path first (as admin) and send its ETag in If-Match.
    etag_from: str | None = None
    # For PATCH on an object found through a placeholder: send the version it has.
    headers_placeholder: bool = False


Builder = Callable[[DemoIds, str], Call]


_NO_IMPORT = "00000000-0000-4000-8000-000000000017"
_YEAR = "periode_sortie_debut=2025-01-01&periode_sortie_fin=2025-12-31"


def _pick(variant: str, own: Any, foreign: Any) -> Any:
    return own if variant == OWN else foreign


def _new_user(demo: DemoIds, variant: str) -> Call:
    structure = _pick(variant, "Ressourcerie du Canal", "Potagers de Vaulx")
    return Call(
        "POST",
        "/api/v1/utilisateurs",
        {
            "json": {
                "email": f"nouveau.{variant}@demo.example.org",
                "nom": "Nouveau",
                "prenom": "Compte",
                "role": "accompagnateur",
                "structure_id": str(demo.structures[structure]),
            }
        },
    )


def _new_client(demo: DemoIds, variant: str) -> Call:
    structure = _pick(variant, "SIAO de Paris", "CSAPA Les Tilleuls")
    return Call(
        "POST",
        "/api/v1/clients-api",
        {
            "json": {
                "nom": "Second logiciel",
                "structure_id": str(demo.structures[structure]),
                "scopes": ["orientations:read"],
            }
        },
    )


def _user(demo: DemoIds, variant: str) -> str:
    return str(demo.users[_pick(variant, "accompagnateur.canal", "accompagnateur.lyon")])


def _client(demo: DemoIds, variant: str) -> str:
    return str(demo.clients[_pick(variant, "demo-siao-de-paris", "demo-csapa-les-tilleuls")])


def _territoire(demo: DemoIds, variant: str) -> str:
    return str(demo.territoires[_pick(variant, "paris", "grand-lyon")])


def _structure(demo: DemoIds, variant: str) -> str:
    return str(demo.structures[_pick(variant, "Ateliers de Belleville", "Atelier Rhône Insertion")])


def _convention(demo: DemoIds, variant: str) -> str:
    titre = _pick(
        variant, "Coordination Convergence – Paris", "Coordination Convergence – Grand Lyon"
    )
    return str(demo.conventions[titre])


def _new_structure(demo: DemoIds, variant: str) -> Call:
    return Call(
        "POST",
        "/api/v1/structures",
        {
            "json": {
                "type": "partenaire",
                "nom": f"Nouveau partenaire {variant}",
                "territoire_id": _territoire(demo, variant),
                "type_partenaire": "association",
                "domaines": ["logement", "droits"],
            }
        },
    )


def _partner(demo: DemoIds, variant: str) -> str:
    return str(demo.structures[_pick(variant, "SIAO de Paris", "CSAPA Les Tilleuls")])


def _new_convention(demo: DemoIds, variant: str) -> Call:
    partner = _pick(variant, "France Travail Paris Belleville", "Mission locale Lyon Confluence")
    porteur = _pick(variant, "Ateliers de Belleville", "Atelier Rhône Insertion")
    return Call(
        "POST",
        "/api/v1/conventions",
        {
            "json": {
                "type": "partenariat",
                "titre": f"Partenariat {variant}",
                "territoire_id": _territoire(demo, variant),
                "parties": [
                    {"structure_id": str(demo.structures[partner]), "role": "partenaire"},
                    {"structure_id": str(demo.structures[porteur]), "role": "porteur"},
                ],
            }
        },
    )


SMALL_PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# The seeded document of each coordination convention, looked up by the matrix runner.
DOCUMENT = "__document__"

CHANTIERS = ("Ateliers de Belleville", "Atelier Rhône Insertion")
CONSENTEMENT = "__consentement__"
SUIVI = "__suivi__"
TODAY = date.today().isoformat()


def _chantier(demo: DemoIds, variant: str) -> str:
    return str(demo.structures[_pick(variant, *CHANTIERS)])


def _person(demo: DemoIds, variant: str, statut: str = "en_cours") -> str:
    return str(demo.salaries[f"{_pick(variant, *CHANTIERS)}:{statut}"])


def _parcours(demo: DemoIds, variant: str, statut: str = "en_cours") -> str:
    return str(demo.parcours[f"{_pick(variant, *CHANTIERS)}:{statut}"])


def _people(d: DemoIds, v: str, suffix: str = "") -> str:
    return f"/api/v1/salaries/{_person(d, v)}{suffix}"


def _path(d: DemoIds, v: str, suffix: str = "", statut: str = "en_cours") -> str:
    return f"/api/v1/parcours/{_parcours(d, v, statut)}{suffix}"


DIAGNOSTIC = "__diagnostic__"
FREIN = "__frein__"
ACTION = "__action__"
VALEUR = "__valeur__"


def _candidature(d: DemoIds, v: str, statut: str = "en_instruction") -> str:
    """A Paris application (own) or a Grand Lyon one (foreign), received or under instruction."""
    names = {
        "soumise": ("Relais Santé Belleville", "Restos Solidaires Lyon"),
        "en_instruction": ("Épicerie Solidaire du 20e", "Maison des Droits Rhône"),
    }[statut]
    return f"/api/v1/candidatures/{d.candidatures[_pick(v, *names)]}"


CANDIDATURE_BUILDERS: dict[str, Builder] = {
    "candidature_publique_formulaire": lambda d, v: Call(
        "GET", "/api/v1/candidature-publique/formulaire"
    ),
    "candidature_publique_demander_lien": lambda d, v: Call(
        "POST",
        "/api/v1/candidature-publique/lien",
        {
            "json": {
                "email": "matrice@candidat.example.org",
                "voie": "partenaire",
                "jeton_formulaire": jeton_formulaire(
                    Settings(env="demo", secret_key=DEMO_SECRET_KEY), now=time.time() - 60
                ),
            }
        },
    ),
    "candidature_publique_ouvrir": lambda d, v: Call(
        "POST", "/api/v1/candidature-publique/acces", {"json": {"jeton": "x" * 43}}
    ),
    "candidature_publique_lire": lambda d, v: Call(
        "GET", "/api/v1/candidature-publique", {"headers": {"X-Candidature-Cle": "x" * 43}}
    ),
    "candidature_publique_enregistrer": lambda d, v: Call(
        "PUT",
        "/api/v1/candidature-publique",
        {"json": {"nom": "Matrice"}, "headers": {"X-Candidature-Cle": "x" * 43}},
    ),
    "candidature_publique_soumettre": lambda d, v: Call(
        "POST",
        "/api/v1/candidature-publique/soumission",
        {"headers": {"X-Candidature-Cle": "x" * 43}},
    ),
    "candidatures_list_candidatures": lambda d, v: Call("GET", "/api/v1/candidatures"),
    "candidature_publique_ajouter_document": lambda d, v: Call(
        "POST",
        "/api/v1/candidature-publique/documents",
        {
            "files": {"fichier": ("projet.pdf", SMALL_PDF, "application/pdf")},
            "headers": {"X-Candidature-Cle": "x" * 43},
        },
    ),
    "candidatures_telecharger_document": lambda d, v: Call(
        "GET", f"{_candidature(d, v)}/documents/00000000-0000-4000-8000-000000000019"
    ),
    "candidatures_donnees_personnelles": lambda d, v: Call(
        "GET", "/api/v1/candidatures/donnees-personnelles?courriel=x@candidat.example.org"
    ),
    "candidatures_effacer_personne": lambda d, v: Call(
        "POST",
        "/api/v1/candidatures/donnees-personnelles/effacement",
        {"json": {"courriel": "x@candidat.example.org"}},
    ),
    "candidatures_compteurs": lambda d, v: Call("GET", "/api/v1/candidatures/compteurs"),
    "candidatures_indicateurs_candidatures": lambda d, v: Call(
        "GET", "/api/v1/candidatures/indicateurs"
    ),
    "candidatures_get_candidature": lambda d, v: Call("GET", _candidature(d, v)),
    "candidatures_commenter": lambda d, v: Call(
        "POST", f"{_candidature(d, v)}/commentaires", {"json": {"texte": "Avis favorable."}}
    ),
    "candidatures_instruire": lambda d, v: Call(
        "POST", f"{_candidature(d, v, 'soumise')}/instruction"
    ),
    "candidatures_refuser": lambda d, v: Call(
        "POST", f"{_candidature(d, v)}/refus", {"json": {"motif": "Hors du champ du programme."}}
    ),
    "candidatures_classer": lambda d, v: Call(
        "POST", f"{_candidature(d, v)}/classement", {"json": {}}
    ),
    "candidatures_accepter": lambda d, v: Call(
        "POST", f"{_candidature(d, v)}/acceptation", {"json": {}}
    ),
}


FREINS_BUILDERS: dict[str, Builder] = {
    "referentiel_get_referentiel": lambda d, v: Call("GET", "/api/v1/referentiel"),
    "referentiel_add_valeur": lambda d, v: Call(
        "POST",
        "/api/v1/referentiel/valeurs",
        {
            "json": {
                "kind": "type_action",
                "domaine": "logement",
                "code": "demande_fsl",
                "libelle": "Demande FSL",
            }
        },
    ),
    "referentiel_retire_valeur": lambda d, v: Call(
        "POST", f"/api/v1/referentiel/valeurs/{VALEUR}/retrait"
    ),
    "diagnostics_list_diagnostics": lambda d, v: Call("GET", _path(d, v, "/diagnostics")),
    "diagnostics_create_diagnostic": lambda d, v: Call(
        "POST",
        _path(d, v, "/diagnostics"),
        {
            "json": {
                "etape": "suivi",
                "date": TODAY,
                "domaines": [{"domaine": "emploi", "niveau": 1, "situations": []}],
            }
        },
    ),
    "diagnostics_update_diagnostic": lambda d, v: Call(
        "PATCH",
        f"/api/v1/diagnostics/{DIAGNOSTIC}",
        {"json": {"date": TODAY}},
        headers_placeholder=True,
    ),
    "diagnostics_validate_diagnostic": lambda d, v: Call(
        "POST", f"/api/v1/diagnostics/{DIAGNOSTIC}/validation"
    ),
    "diagnostics_correct_diagnostic": lambda d, v: Call(
        "POST",
        f"/api/v1/diagnostics/{DIAGNOSTIC}/correction",
        {"json": {"domaines": [{"domaine": "logement", "niveau": 3, "situations": ["squat"]}]}},
    ),
    "freins_list_freins": lambda d, v: Call("GET", _path(d, v, "/freins")),
    "freins_create_frein": lambda d, v: Call(
        "POST",
        _path(d, v, "/freins"),
        {
            "json": {
                "domaine": "numerique",
                "niveau": 2,
                "date_identification": TODAY,
                "situations": ["sans_equipement"],
            }
        },
    ),
    "freins_freins_depuis_diagnostic": lambda d, v: Call(
        "POST",
        _path(d, v, "/freins/depuis-diagnostic"),
        {"json": {"diagnostic_id": DIAGNOSTIC, "domaines": ["droits"]}},
    ),
    "freins_update_frein": lambda d, v: Call(
        "PATCH",
        f"/api/v1/freins/{FREIN}",
        {"json": {"niveau": 1}},
        headers_placeholder=True,
    ),
    "freins_create_action": lambda d, v: Call(
        "POST", f"/api/v1/freins/{FREIN}/actions", {"json": {"type": "demande_siao"}}
    ),
    "freins_update_action": lambda d, v: Call(
        "PATCH",
        f"/api/v1/actions/{ACTION}",
        {"json": {"statut": "en_cours"}},
        headers_placeholder=True,
    ),
    "freins_evolution": lambda d, v: Call("GET", _path(d, v, "/evolution")),
}


ORIENTATION = "__orientation__"
PARTNERS = ("SIAO de Paris", "CSAPA Les Tilleuls")


def _orientation_path(suffix: str = "") -> str:
    return f"/api/v1/orientations/{ORIENTATION}{suffix}"


ORIENTATION_BUILDERS: dict[str, Builder] = {
    "orientations_list_orientations": lambda d, v: Call("GET", "/api/v1/orientations"),
    "orientations_create_orientation": lambda d, v: Call(
        "POST",
        "/api/v1/orientations",
        {
            "json": {
                "parcours_id": _parcours(d, v),
                "partenaire_id": str(d.structures[_pick(v, *PARTNERS)]),
                "domaine": "logement",
                "motif": "Hébergement",
                "partage": ["besoin"],
            }
        },
    ),
    "orientations_statistiques": lambda d, v: Call("GET", "/api/v1/orientations/statistiques"),
    "indicateurs_get_indicateurs": lambda d, v: Call(
        "GET", f"/api/v1/indicateurs?territoire={_territoire(d, v)}&{_YEAR}"
    ),
    "exports_export_indicateurs_csv": lambda d, v: Call(
        "GET", f"/api/v1/exports/indicateurs.csv?territoire={_territoire(d, v)}&{_YEAR}"
    ),
    "exports_export_indicateurs_xlsx": lambda d, v: Call(
        "GET", f"/api/v1/exports/indicateurs.xlsx?territoire={_territoire(d, v)}&{_YEAR}"
    ),
    # Out of the perimeter, a territoire filter gives an empty file (the rows are filtered).
    "exports_export_parcours_csv": lambda d, v: Call(
        "GET", f"/api/v1/exports/parcours.csv?territoire={_territoire(d, v)}"
    ),
    "exports_export_evaluation_csv": lambda d, v: Call("GET", "/api/v1/exports/evaluation.csv"),
    "exports_synthese_evaluation": lambda d, v: Call(
        "GET", "/api/v1/exports/evaluation/synthese?annee_sortie=2024"
    ),
    "imports_gabarit_xlsx": lambda d, v: Call("GET", "/api/v1/imports/gabarit.xlsx"),
    "imports_gabarit_csv": lambda d, v: Call("GET", "/api/v1/imports/gabarit.csv"),
    "imports_gabarit_colonnes": lambda d, v: Call("GET", "/api/v1/imports/gabarit"),
    "imports_deposer": lambda d, v: Call(
        "POST",
        "/api/v1/imports",
        {"files": {"fichier": ("exemple.csv", csv_text(EXEMPLE).encode(), "text/csv")}},
    ),
    "imports_lire": lambda d, v: Call("GET", f"/api/v1/imports/{_NO_IMPORT}"),
    "imports_lignes": lambda d, v: Call("GET", f"/api/v1/imports/{_NO_IMPORT}/lignes"),
    "imports_confirmer": lambda d, v: Call("POST", f"/api/v1/imports/{_NO_IMPORT}/confirmation"),
    "orientations_get_orientation": lambda d, v: Call("GET", _orientation_path()),
    "orientations_apercu": lambda d, v: Call("GET", _orientation_path("/apercu")),
    "orientations_update_orientation": lambda d, v: Call(
        "PATCH", _orientation_path(), {"json": {"urgence": "urgente"}}, headers_placeholder=True
    ),
    "orientations_envoyer": lambda d, v: Call("POST", _orientation_path("/envoi")),
    "orientations_annuler": lambda d, v: Call("POST", _orientation_path("/annulation")),
    "orientations_accepter": lambda d, v: Call(
        "POST", _orientation_path("/acceptation"), {"json": {}}
    ),
    "orientations_refuser": lambda d, v: Call(
        "POST", _orientation_path("/refus"), {"json": {"motif": "pas_de_place"}}
    ),
    "orientations_realiser": lambda d, v: Call(
        "POST", _orientation_path("/realisation"), {"json": {"date_realisation": TODAY}}
    ),
    "orientations_abandonner": lambda d, v: Call("POST", _orientation_path("/abandon")),
    "orientations_list_messages": lambda d, v: Call("GET", _orientation_path("/messages")),
    "orientations_post_message": lambda d, v: Call(
        "POST", _orientation_path("/messages"), {"json": {"texte": "Bonjour"}}
    ),
}


ENDPOINT = "__endpoint__"

WEBHOOK_BUILDERS: dict[str, Builder] = {
    "webhooks_list_endpoints": lambda d, v: Call("GET", "/api/v1/webhooks"),
    "webhooks_create_endpoint": lambda d, v: Call(
        "POST",
        "/api/v1/webhooks",
        {
            "json": {
                "url": "http://127.0.0.1:9/convergence",
                "evenements": ["orientation.envoyee"],
                "structure_id": str(d.structures["SIAO de Paris"]),
            }
        },
    ),
    "webhooks_rotate_secret": lambda d, v: Call("POST", f"/api/v1/webhooks/{ENDPOINT}/rotation"),
    "webhooks_disable_endpoint": lambda d, v: Call(
        "POST", f"/api/v1/webhooks/{ENDPOINT}/desactivation"
    ),
    "webhooks_list_deliveries": lambda d, v: Call("GET", f"/api/v1/webhooks/{ENDPOINT}/livraisons"),
    "webhooks_replay_delivery": lambda d, v: Call(
        "POST", "/api/v1/webhooks/livraisons/00000000-0000-4000-8000-000000000000/rejeu"
    ),
}


PEOPLE_BUILDERS: dict[str, Builder] = {
    "salaries_list_salaries": lambda d, v: Call("GET", "/api/v1/salaries"),
    "salaries_create_salarie": lambda d, v: Call(
        "POST",
        "/api/v1/salaries",
        {
            "json": {
                "chantier_id": _chantier(d, v),
                "nom": "Nouvelle",
                "prenoms": "Personne",
                "date_naissance": "1990-05-17",
            }
        },
    ),
    "salaries_get_salarie": lambda d, v: Call("GET", _people(d, v)),
    "salaries_update_salarie": lambda d, v: Call(
        "PATCH",
        _people(d, v),
        {"json": {"telephone": "06 11 22 33 44"}},
        etag_from=_people(d, v),
    ),
    "salaries_list_consentements": lambda d, v: Call("GET", _people(d, v, "/consentements")),
    "salaries_create_consentement": lambda d, v: Call(
        "POST",
        _people(d, v, "/consentements"),
        {"json": {"type": "usage_evaluation", "date_recueil": TODAY}},
    ),
    "salaries_revoke_consentement": lambda d, v: Call(
        "POST",
        _people(d, v, f"/consentements/{CONSENTEMENT}/revocation"),
        {"json": {"date_revocation": TODAY}},
    ),
    "salaries_list_referents": lambda d, v: Call("GET", _people(d, v, "/referents")),
    "salaries_create_referent": lambda d, v: Call(
        "POST",
        _people(d, v, "/referents"),
        {"json": {"nom": "Dominique Référente", "organisation": "SPIP", "fonction": "spip"}},
    ),
    "parcours_list_parcours": lambda d, v: Call("GET", "/api/v1/parcours"),
    "parcours_create_parcours": lambda d, v: Call(
        "POST",
        "/api/v1/parcours",
        {
            "json": {
                "salarie_id": _person(d, v, "clos"),
                "chantier_id": _chantier(d, v),
                "date_entree": TODAY,
                "prescripteur": "maraude",
                "logement_entree": "sans_abri",
                "parcours_de_rue": True,
            }
        },
    ),
    "parcours_inscrire": lambda d, v: Call(
        "POST",
        "/api/v1/parcours/inscription",
        {
            "json": {
                "salarie": {
                    "chantier_id": _chantier(d, v),
                    "nom": "Matrice",
                    "prenoms": "Inscription",
                    "date_naissance": "1979-05-04",
                    "confirm_distinct": True,
                },
                "consentements": [{"type": "notice_information", "date_recueil": TODAY}],
                "parcours": {
                    "date_entree": TODAY,
                    "prescripteur": "maraude",
                    "logement_entree": "sans_abri",
                },
            }
        },
    ),
    "parcours_get_parcours": lambda d, v: Call("GET", _path(d, v)),
    "parcours_update_parcours": lambda d, v: Call(
        "PATCH",
        _path(d, v),
        {"json": {"prescripteur_precision": "Maraude du soir"}},
        etag_from=_path(d, v),
    ),
    "parcours_demarrage": lambda d, v: Call(
        "POST", _path(d, v, "/demarrage"), {"json": {"date": TODAY}}
    ),
    "parcours_suspension": lambda d, v: Call(
        "POST", _path(d, v, "/suspension"), {"json": {"date": TODAY, "motif": "Hospitalisation"}}
    ),
    "parcours_reprise": lambda d, v: Call(
        "POST", _path(d, v, "/reprise"), {"json": {"date": TODAY}}
    ),
    "parcours_cloture": lambda d, v: Call(
        "POST", _path(d, v, "/cloture"), {"json": {"date": TODAY}}
    ),
    "parcours_sortie": lambda d, v: Call(
        "POST",
        _path(d, v, "/sortie"),
        {
            "json": {
                "date": TODAY,
                "motif": "cdi",
                "logement_sortie": "locataire_parc_social",
                "employeur": "Entreprise (démo)",
                "justification_duree": "x" * 20,
            }
        },
    ),
    "parcours_create_contrat": lambda d, v: Call(
        "POST",
        _path(d, v, "/contrats"),
        {
            "json": {
                "date_debut": (date.today() + timedelta(days=200)).isoformat(),
                "date_fin": (date.today() + timedelta(days=300)).isoformat(),
                "heures_hebdo": "20",
                "justification_duree": "x" * 20,
            }
        },
    ),
    "parcours_record_suivi": lambda d, v: Call(
        "POST",
        _path(d, v, f"/suivis/{SUIVI}/resultat", "sorti"),
        {"json": {"date_realisee": TODAY, "resultat": "joint", "en_emploi": True}},
    ),
    "parcours_list_journal": lambda d, v: Call("GET", _path(d, v, "/journal")),
    "parcours_get_synthese": lambda d, v: Call("GET", _path(d, v, "/synthese")),
    "parcours_create_entretien": lambda d, v: Call(
        "POST", _path(d, v, "/entretiens"), {"json": {"date": TODAY, "texte": "Point d'étape."}}
    ),
    "parcours_create_note": lambda d, v: Call(
        "POST", _path(d, v, "/notes"), {"json": {"date": TODAY, "titre": "Note", "texte": "Texte"}}
    ),
    "parcours_create_synthese": lambda d, v: Call(
        "POST",
        _path(d, v, "/syntheses"),
        {"json": {"date": TODAY, "decisions": "Orientation SIAO"}},
    ),
    "a_faire_a_faire": lambda d, v: Call("GET", "/api/v1/a-faire"),
    "a_faire_a_faire_vu": lambda d, v: Call("POST", "/api/v1/a-faire/vu"),
}

ARRIVEE = "__arrivee__"
IMPORT_DI = "__import_data_inclusion__"
# A local port nobody listens on: testing or synchronising a connection never leaves the host.
UNREACHABLE = "http://127.0.0.1:9"
DI_ROWS = {
    "structures": [
        {
            "source": "dora",
            "id": "dora--matrice",
            "nom": "Structure de la matrice",
            "date_maj": "2026-01-15",
            "code_postal": "75011",
        }
    ],
    "services": [],
}


def _di_upload() -> dict[str, Any]:
    return {
        "files": {"structures": ("structures.json", json.dumps(DI_ROWS["structures"]))},
        "data": {"departements": "75"},
    }


def _connexion(d: DemoIds, v: str, suffix: str = "") -> str:
    return f"/api/v1/chantiers/{_chantier(d, v)}/connexion-emplois{suffix}"


CONNECTEURS_BUILDERS: dict[str, Builder] = {
    "connecteurs_get_connexion": lambda d, v: Call("GET", _connexion(d, v)),
    "connecteurs_set_connexion": lambda d, v: Call(
        "PUT",
        _connexion(d, v),
        {"json": {"base_url": UNREACHABLE, "username": "compte", "password": "secret"}},
    ),
    "connecteurs_delete_connexion": lambda d, v: Call("DELETE", _connexion(d, v)),
    "connecteurs_tester_connexion": lambda d, v: Call("POST", _connexion(d, v, "/test")),
    "connecteurs_synchroniser": lambda d, v: Call("POST", _connexion(d, v, "/synchroniser")),
    "connecteurs_list_arrivees": lambda d, v: Call(
        "GET", f"/api/v1/chantiers/{_chantier(d, v)}/arrivees"
    ),
    "connecteurs_accueillir": lambda d, v: Call(
        "POST",
        f"/api/v1/arrivees/{ARRIVEE}/accueillir",
        {"json": {"date_entree": TODAY, "prescripteur": "siao", "logement_entree": "inconnu"}},
        headers_placeholder=True,
    ),
    "data_inclusion_preparer_import": lambda d, v: Call(
        "POST",
        f"/api/v1/territoires/{_territoire(d, v)}/data-inclusion/imports",
        _di_upload(),
    ),
    "data_inclusion_get_import": lambda d, v: Call(
        "GET", f"/api/v1/data-inclusion/imports/{IMPORT_DI}"
    ),
    "data_inclusion_confirmer_import": lambda d, v: Call(
        "POST", f"/api/v1/data-inclusion/imports/{IMPORT_DI}/confirmer"
    ),
    "data_inclusion_exporter": lambda d, v: Call("GET", "/api/v1/structures/data-inclusion"),
}

RGPD_BUILDERS: dict[str, Builder] = {
    "rgpd_donnees": lambda d, v: Call("GET", _people(d, v, "/donnees")),
    "rgpd_acces": lambda d, v: Call("GET", _people(d, v, "/acces")),
    "rgpd_apercu_effacement": lambda d, v: Call("GET", _people(d, v, "/effacement")),
    "rgpd_effacement": lambda d, v: Call(
        "POST",
        _people(d, v, "/effacement"),
        {"json": {"motif": "demande_personne", "confirmation": "EFFACER"}},
    ),
    "rgpd_retention": lambda d, v: Call("GET", "/api/v1/rgpd/retention"),
}

BUILDERS: dict[str, Builder] = {
    "supervision_healthz": lambda d, v: Call("GET", "/healthz"),
    "supervision_readyz": lambda d, v: Call("GET", "/readyz"),
    "auth_token": lambda d, v: Call(
        "POST",
        "/api/v1/auth/token",
        {
            "data": {
                "grant_type": "password",
                "username": "direction.lyon@demo.example.org",
                "password": DEMO_PASSWORD,
            }
        },
    ),
    "auth_revocation": lambda d, v: Call(
        "POST", "/api/v1/auth/revocation", {"data": {"token": "rt_inconnu"}}
    ),
    "auth_deconnexion": lambda d, v: Call(
        "POST", "/api/v1/auth/deconnexion", {"data": {"token": "rt_inconnu"}}
    ),
    "auth_methodes": lambda d, v: Call("GET", "/api/v1/auth/methodes"),
    "auth_lire_invitation": lambda d, v: Call(
        "POST", "/api/v1/auth/invitation/lecture", {"json": {"jeton": "x" * 43}}
    ),
    "auth_accepter_invitation": lambda d, v: Call(
        "POST",
        "/api/v1/auth/invitation/acceptation",
        {"json": {"jeton": "x" * 43, "mot_de_passe": "cheval-agrafe-pile-correcte"}},
    ),
    "auth_mot_de_passe_oublie": lambda d, v: Call(
        "POST", "/api/v1/auth/mot-de-passe-oublie", {"json": {"email": "x@demo.example.org"}}
    ),
    "auth_reinitialiser_mot_de_passe": lambda d, v: Call(
        "POST",
        "/api/v1/auth/reinitialisation",
        {"json": {"jeton": "x" * 43, "mot_de_passe": "cheval-agrafe-pile-correcte"}},
    ),
    "auth_proconnect_connexion": lambda d, v: Call("GET", "/api/v1/auth/proconnect/connexion"),
    "auth_proconnect_retour": lambda d, v: Call(
        "GET", "/api/v1/auth/proconnect/retour?code=abc&state=def"
    ),
    "auth_proconnect_totp": lambda d, v: Call(
        "POST", "/api/v1/auth/proconnect/totp", {"json": {"code": "123456"}}
    ),
    "demo_courriels_demo": lambda d, v: Call("GET", "/api/v1/demo/courriels"),
    "public_programme": lambda d, v: Call("GET", "/api/v1/public/programme"),
    "public_resultats": lambda d, v: Call("GET", "/api/v1/public/resultats"),
    "moi_moi": lambda d, v: Call("GET", "/api/v1/moi"),
    "moi_mes_sessions": lambda d, v: Call("GET", "/api/v1/moi/sessions"),
    "moi_terminer_ma_session": lambda d, v: Call(
        "POST", "/api/v1/moi/sessions/00000000-0000-4000-8000-000000000000/fin"
    ),
    "moi_terminer_mes_sessions": lambda d, v: Call("POST", "/api/v1/moi/sessions/fin"),
    "utilisateurs_terminer_sessions_utilisateur": lambda d, v: Call(
        "POST", f"/api/v1/utilisateurs/{_user(d, v)}/sessions/fin"
    ),
    "utilisateurs_renvoyer_invitation": lambda d, v: Call(
        "POST", f"/api/v1/utilisateurs/{_user(d, v)}/invitation"
    ),
    "utilisateurs_revoquer_invitation": lambda d, v: Call(
        "POST", f"/api/v1/utilisateurs/{_user(d, v)}/invitation/revocation"
    ),
    "moi_changer_mot_de_passe": lambda d, v: Call(
        "POST",
        "/api/v1/moi/mot-de-passe",
        {
            "json": {
                "mot_de_passe_actuel": DEMO_PASSWORD,
                "nouveau_mot_de_passe": "Une-autre-phrase-solide",
            }
        },
    ),
    "moi_demarrer_totp": lambda d, v: Call("POST", "/api/v1/moi/totp"),
    "moi_activer_totp": lambda d, v: Call(
        "POST", "/api/v1/moi/totp/activation", {"json": {"code": "123456"}}
    ),
    "territoires_list_territoires": lambda d, v: Call("GET", "/api/v1/territoires"),
    "territoires_get_territoire": lambda d, v: Call(
        "GET", f"/api/v1/territoires/{_territoire(d, v)}"
    ),
    "structures_list_structures": lambda d, v: Call("GET", "/api/v1/structures"),
    "structures_get_structure": lambda d, v: Call("GET", f"/api/v1/structures/{_structure(d, v)}"),
    "utilisateurs_list_utilisateurs": lambda d, v: Call("GET", "/api/v1/utilisateurs"),
    "utilisateurs_create_utilisateur": _new_user,
    "utilisateurs_get_utilisateur": lambda d, v: Call("GET", f"/api/v1/utilisateurs/{_user(d, v)}"),
    "utilisateurs_update_utilisateur": lambda d, v: Call(
        "PATCH",
        f"/api/v1/utilisateurs/{_user(d, v)}",
        {"json": {"nom": "Renommé"}, "headers": {"If-Match": 'W/"1"'}},
    ),
    "clients_api_list_clients": lambda d, v: Call("GET", "/api/v1/clients-api"),
    "clients_api_create_client": _new_client,
    "clients_api_get_client": lambda d, v: Call("GET", f"/api/v1/clients-api/{_client(d, v)}"),
    "clients_api_rotate_client_secret": lambda d, v: Call(
        "POST", f"/api/v1/clients-api/{_client(d, v)}/rotation"
    ),
    "clients_api_revoke_client": lambda d, v: Call(
        "POST", f"/api/v1/clients-api/{_client(d, v)}/revocation"
    ),
    "audit_list_audit": lambda d, v: Call("GET", "/api/v1/audit"),
    "audit_export_audit": lambda d, v: Call("GET", "/api/v1/audit/export.csv"),
    "territoires_create_territoire": lambda d, v: Call(
        "POST",
        "/api/v1/territoires",
        {
            "json": {
                "code": "nouveau-territoire",
                "nom": "Nouveau territoire",
                "date_demarrage": "2027-01-01",
                "densite": "peu_dense",
            }
        },
    ),
    "territoires_update_territoire": lambda d, v: Call(
        "PATCH",
        f"/api/v1/territoires/{_territoire(d, v)}",
        {"json": {"nom": "Territoire renommé"}},
        etag_from=f"/api/v1/territoires/{_territoire(d, v)}",
    ),
    "structures_create_structure": _new_structure,
    "structures_update_structure": lambda d, v: Call(
        "PATCH",
        f"/api/v1/structures/{_partner(d, v)}",
        {"json": {"telephone": "01 02 03 04 05"}},
        etag_from=f"/api/v1/structures/{_partner(d, v)}",
    ),
    "conventions_list_conventions": lambda d, v: Call("GET", "/api/v1/conventions"),
    "conventions_create_convention": _new_convention,
    "conventions_get_convention": lambda d, v: Call(
        "GET", f"/api/v1/conventions/{_convention(d, v)}"
    ),
    "conventions_update_convention": lambda d, v: Call(
        "PATCH",
        f"/api/v1/conventions/{_convention(d, v)}",
        {"json": {"date_echeance": "2031-12-31"}},
        etag_from=f"/api/v1/conventions/{_convention(d, v)}",
    ),
    "conventions_envoyer_en_signature": lambda d, v: Call(
        "POST", f"/api/v1/conventions/{_convention(d, v)}/envoi-signature"
    ),
    "conventions_signer": lambda d, v: Call(
        "POST",
        f"/api/v1/conventions/{_convention(d, v)}/signature",
        {"json": {"date_signature": "2026-01-15"}},
    ),
    "conventions_resilier": lambda d, v: Call(
        "POST",
        f"/api/v1/conventions/{_convention(d, v)}/resiliation",
        {"json": {"date_resiliation": "2026-06-30", "motif": "Réorganisation du territoire"}},
    ),
    "conventions_renouveler": lambda d, v: Call(
        "POST", f"/api/v1/conventions/{_convention(d, v)}/renouvellement"
    ),
    "conventions_ajouter_document": lambda d, v: Call(
        "POST",
        f"/api/v1/conventions/{_convention(d, v)}/documents",
        {"files": {"fichier": ("annexe.pdf", SMALL_PDF, "application/pdf")}},
    ),
    "conventions_telecharger_document": lambda d, v: Call(
        "GET", f"/api/v1/conventions/{_convention(d, v)}/documents/{DOCUMENT}"
    ),
    **CANDIDATURE_BUILDERS,
    **PEOPLE_BUILDERS,
    **FREINS_BUILDERS,
    **ORIENTATION_BUILDERS,
    **WEBHOOK_BUILDERS,
    **RGPD_BUILDERS,
    **CONNECTEURS_BUILDERS,
}


@dataclass(frozen=True)
class Prepared:
    """A call ready to send: placeholders replaced by objects made or found for it."""

    method: str
    path: str
    headers: dict[str, str]
    kwargs: dict[str, Any]


async def prepare(
    call: Call,
    variant: str,
    client: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> Prepared:
    """Resolve a builder's placeholders (as the admin, inside the test's transaction)."""
    kwargs = dict(call.kwargs)
    headers = dict(kwargs.pop("headers", {}))
    path = call.path
    if call.etag_from:
        read = await client.get(call.etag_from, headers=auth("admin"))
        headers["If-Match"] = read.headers["etag"]
    parcours_path = f"/api/v1/parcours/{demo.parcours[f'{CHANTIERS[variant != OWN]}:en_cours']}"
    placeholders: dict[str, tuple[str, int]] = {}
    if DIAGNOSTIC in path or DIAGNOSTIC in str(kwargs):
        listing = (await client.get(f"{parcours_path}/diagnostics", headers=auth("admin"))).json()
        entry = next(d for d in listing if d["etape"] == "entree")
        placeholders[DIAGNOSTIC] = (entry["id"], entry["version"])
    if FREIN in path or ACTION in path:
        freins = (await client.get(f"{parcours_path}/freins", headers=auth("admin"))).json()
        with_action = next(f for f in freins if f["domaine"] == "logement")
        placeholders[FREIN] = (with_action["id"], with_action["version"])
        action = with_action["actions"][0]
        placeholders[ACTION] = (action["id"], action["version"])
    if ORIENTATION in path:
        # A sent orientation, made for this row by the admin (rolled back with the test).
        admin = auth("admin")
        person = demo.salaries[f"{CHANTIERS[variant != OWN]}:en_cours"]
        partner = str(demo.structures[PARTNERS[variant != OWN]])
        await client.post(
            f"/api/v1/salaries/{person}/consentements",
            headers=admin,
            json={
                "type": "partage_partenaire",
                "partenaire_id": partner,
                "date_recueil": date.today().isoformat(),
            },
        )
        created = await client.post(
            "/api/v1/orientations",
            headers=admin,
            json={
                "parcours_id": str(demo.parcours[f"{CHANTIERS[variant != OWN]}:en_cours"]),
                "partenaire_id": partner,
                "domaine": "logement",
                "motif": "Hébergement stable",
                "partage": ["identite", "besoin"],
            },
        )
        sent = await client.post(
            f"/api/v1/orientations/{created.json()['id']}/envoi", headers=admin
        )
        placeholders[ORIENTATION] = (sent.json()["id"], sent.json()["version"])
    if ENDPOINT in path:
        created = await client.post(
            "/api/v1/webhooks",
            headers=auth("admin"),
            json={
                "url": "http://127.0.0.1:9/convergence",
                "evenements": ["orientation.envoyee"],
                "structure_id": str(demo.structures[PARTNERS[variant != OWN]]),
            },
        )
        placeholders[ENDPOINT] = (created.json()["endpoint"]["id"], 1)
    if path.endswith(("/connexion-emplois/test", "/connexion-emplois/synchroniser")):
        # Point the connection at a closed local port (rolled back with the test).
        current = await client.get(path.rsplit("/", 1)[0], headers=auth("admin"))
        etag = {"If-Match": current.headers["etag"]} if "etag" in current.headers else {}
        await client.put(
            path.rsplit("/", 1)[0],
            headers=auth("admin") | etag,
            json={"base_url": UNREACHABLE, "username": "compte", "password": "secret"},
        )
    if ARRIVEE in path:
        chantier = demo.structures[CHANTIERS[variant != OWN]]
        listing = await client.get(f"/api/v1/chantiers/{chantier}/arrivees", headers=auth("admin"))
        first = listing.json()["items"][0]
        placeholders[ARRIVEE] = (first["id"], first["version"])
    if IMPORT_DI in path:
        territoire = demo.territoires["paris" if variant == OWN else "grand-lyon"]
        created = await client.post(
            f"/api/v1/territoires/{territoire}/data-inclusion/imports",
            headers=auth("admin"),
            **_di_upload(),
        )
        placeholders[IMPORT_DI] = (created.json()["id"], 0)
    if VALEUR in path:
        referentiel = (await client.get("/api/v1/referentiel", headers=auth("admin"))).json()
        valeur = referentiel["domaines"][0]["situations"][0]
        placeholders[VALEUR] = (valeur["id"], 0)
    for placeholder, (object_id, version) in placeholders.items():
        if placeholder in path:
            path = path.replace(placeholder, object_id)
            if call.headers_placeholder:
                headers["If-Match"] = f'W/"{version}"'
        if "json" in kwargs and placeholder in str(kwargs["json"]):
            kwargs["json"] = {
                k: (object_id if val == placeholder else val) for k, val in kwargs["json"].items()
            }
    if CONSENTEMENT in path:
        listing = await client.get(
            path.split("/consentements/")[0] + "/consentements", headers=auth("admin")
        )
        active = next(c for c in listing.json() if c["actif"])
        path = path.replace(CONSENTEMENT, active["id"])
    if SUIVI in path:
        parcours = await client.get(path.split("/suivis/")[0], headers=auth("admin"))
        pending = next(s for s in parcours.json()["suivis"] if s["date_realisee"] is None)
        path = path.replace(SUIVI, pending["id"])
    if path.endswith(f"/documents/{DOCUMENT}"):
        convention = await client.get(path.rsplit("/documents/", 1)[0], headers=auth("admin"))
        path = path.replace(DOCUMENT, convention.json()["documents"][0]["id"])
    return Prepared(call.method, path, headers, kwargs)
