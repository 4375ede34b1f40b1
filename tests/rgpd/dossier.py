"""A complete file built through the API: every kind of personal data, with recognisable values.

Every business date is chosen so that the last contact of the person is `cloture`; the
values are unique to the file (its `marque`), so a test can grep the whole database for them.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from api.parcours.dates import add_months
from tests.conftest import DemoIds

BELLEVILLE = "Ateliers de Belleville"
SIAO = "SIAO de Paris"
_births = itertools.count()


@dataclass
class Dossier:
    salarie_id: str
    parcours_id: str
    orientation_id: str
    marque: str
    naissance: date
    # Values that must vanish with the person (names, contacts, free texts).
    valeurs: list[str] = field(default_factory=list)


def dates(cloture: date) -> dict[str, date]:
    entree = cloture - timedelta(days=300)
    debut = entree + timedelta(days=7)
    sortie = cloture - timedelta(days=60)
    return {
        "entree": entree,
        "debut": debut,
        "fin_contrat": debut + timedelta(days=120),
        "entretien": debut + timedelta(days=10),
        "note": debut + timedelta(days=11),
        "action": debut + timedelta(days=20),
        "sortie": sortie,
        "suivi": sortie + timedelta(days=30),
        "cloture": cloture,
    }


def last_day_kept(cloture: date, months: int = 24) -> date:
    return add_months(cloture, months)


async def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json()) if response.content else {}


async def dossier_complet(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    cloture: date | None,
    *,
    nom: str | None = None,
) -> Dossier:
    """A person of Belleville with a parcours closed on `cloture` (None: left en cours)."""
    marque = "Zq" + uuid.uuid4().hex[:10]
    d = dates(cloture or date.today())
    naissance = date(1950, 1, 1) + timedelta(days=next(_births) * 37 + 11)
    siao = str(demo.structures[SIAO])
    person = await _ok(
        await client.post(
            "/api/v1/salaries",
            json={
                "chantier_id": str(demo.structures[BELLEVILLE]),
                "nom": nom or f"Nom{marque}",
                "prenoms": f"Prenom{marque}",
                "nom_usage": f"Usage{marque}",
                "date_naissance": naissance.isoformat(),
                "sexe": "femme",
                "telephone": f"06 {int(marque[2:6], 16) % 100:02d} 12 34 56",
                "courriel": f"{marque.lower()}@exemple.org",
                "adresse": f"12 rue {marque}",
                "domiciliation": f"CCAS {marque}",
                "langues": [f"langue{marque}"],
                "confirm_distinct": True,
            },
        ),
        201,
    )
    sid = person["id"]
    people = f"/api/v1/salaries/{sid}"
    for consent in (
        {"type": "notice_information"},
        {"type": "usage_evaluation"},
        {"type": "partage_partenaire", "partenaire_id": siao},
    ):
        await _ok(
            await client.post(
                f"{people}/consentements",
                json=consent | {"date_recueil": d["entree"].isoformat()},
            ),
            201,
        )
    await _ok(
        await client.post(
            f"{people}/referents",
            json={
                "nom": f"Referent{marque}",
                "organisation": f"Service {marque}",
                "fonction": "assistant_social",
                "telephone": "01 23 45 67 89",
                "courriel": f"ref.{marque.lower()}@exemple.org",
                "commentaire": f"Commentaire referent {marque}",
            },
        ),
        201,
    )
    parcours = await _ok(
        await client.post(
            "/api/v1/parcours",
            json={
                "salarie_id": sid,
                "chantier_id": str(demo.structures[BELLEVILLE]),
                "referent_id": str(demo.users["accompagnateur.paris"]),
                "date_entree": d["entree"].isoformat(),
                "prescripteur": "autre",
                "prescripteur_precision": f"Precision {marque}",
                "parcours_de_rue": True,
                "duree_rue_mois": 30,
                "logement_entree": "sans_abri",
            },
        ),
        201,
    )
    pid = parcours["id"]
    base = f"/api/v1/parcours/{pid}"
    entree = await _ok(
        await client.post(
            f"{base}/diagnostics",
            json={
                "etape": "entree",
                "date": d["entree"].isoformat(),
                "valider": True,
                "domaines": [
                    {"domaine": "logement", "niveau": 3, "situations": ["sans_abri"]},
                    {
                        "domaine": "sante",
                        "niveau": 2,
                        "situations": ["sans_couverture"],
                        "commentaire": f"Sante {marque}",
                    },
                    {"domaine": "droits", "niveau": 2, "situations": []},
                ],
            },
        ),
        201,
    )
    freins = (
        await client.post(f"{base}/freins/depuis-diagnostic", json={"diagnostic_id": entree["id"]})
    ).json()
    logement = next(f for f in freins if f["domaine"] == "logement")
    action = await _ok(
        await client.post(
            f"/api/v1/freins/{logement['id']}/actions",
            json={"type": "demande_siao", "libelle": f"Action {marque}"},
        ),
        201,
    )
    await _ok(
        await client.patch(
            f"/api/v1/actions/{action['id']}",
            json={"statut": "realisee", "date_realisation": d["action"].isoformat()},
            headers={"If-Match": f'W/"{action["version"]}"'},
        )
    )
    await _ok(await client.post(f"{base}/demarrage", json={"date": d["debut"].isoformat()}))
    await _ok(
        await client.post(
            f"{base}/contrats",
            json={
                "date_debut": d["debut"].isoformat(),
                "date_fin": d["fin_contrat"].isoformat(),
                "heures_hebdo": "20",
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            f"{base}/entretiens",
            json={
                "date": d["entretien"].isoformat(),
                "texte": f"Entretien {marque}",
                "participants": [f"Participant {marque}"],
            },
        ),
        201,
    )
    await _ok(
        await client.post(
            f"{base}/notes",
            json={
                "date": d["note"].isoformat(),
                "titre": f"Note {marque}",
                "texte": f"Confidence {marque}",
                "confidentialite": "restreint",
            },
        ),
        201,
    )
    # An orientation to the SIAO, answered and realised, with a thread on both sides.
    draft = await _ok(
        await client.post(
            "/api/v1/orientations",
            json={
                "parcours_id": pid,
                "partenaire_id": siao,
                "domaine": "logement",
                "motif": f"Motif {marque}",
                "besoin": f"Besoin {marque}",
                "partage": ["identite", "contact", "besoin", "situation"],
            },
        ),
        201,
    )
    oid = draft["id"]
    await _ok(await client.post(f"/api/v1/orientations/{oid}/envoi"))
    partner = auth("partenaire.siao")
    await _ok(
        await anonymous.post(
            f"/api/v1/orientations/{oid}/acceptation",
            json={"commentaire": f"Reponse {marque}"},
            headers=partner,
        )
    )
    await _ok(
        await client.post(f"/api/v1/orientations/{oid}/messages", json={"texte": f"Msg {marque}"}),
        201,
    )
    await _ok(
        await anonymous.post(
            f"/api/v1/orientations/{oid}/messages",
            json={"texte": f"Retour {marque}"},
            headers=partner,
        ),
        201,
    )
    await _ok(
        await anonymous.post(
            f"/api/v1/orientations/{oid}/realisation",
            json={"date_realisation": d["action"].isoformat()},
            headers=partner,
        )
    )
    if cloture is not None:
        await _ok(
            await client.post(
                f"{base}/diagnostics",
                json={
                    "etape": "sortie",
                    "date": d["sortie"].isoformat(),
                    "valider": True,
                    "domaines": [
                        {"domaine": "logement", "niveau": 1, "situations": ["residence_sociale"]},
                        {"domaine": "sante", "niveau": 1, "situations": ["couverture_base"]},
                    ],
                },
            ),
            201,
        )
        sortie = await _ok(
            await client.post(
                f"{base}/sortie",
                json={
                    "date": d["sortie"].isoformat(),
                    "motif": "cdi",
                    "logement_sortie": "residence_sociale",
                    "employeur": f"Employeur {marque}",
                    "contrat": "CDI",
                },
            )
        )
        assert sortie["statut"] == "sorti"
        current = await _ok(await client.get(base))
        first = current["suivis"][0]
        await _ok(
            await client.post(
                f"{base}/suivis/{first['id']}/resultat",
                json={
                    "date_realisee": d["suivi"].isoformat(),
                    "resultat": "joint",
                    "en_emploi": True,
                    "groupe_logement": "logement_adapte",
                    "commentaire": f"Suivi {marque}",
                },
            )
        )
        closed = await _ok(
            await client.post(f"{base}/cloture", json={"date": d["cloture"].isoformat()})
        )
        assert closed["statut"] == "clos"
    return Dossier(
        salarie_id=sid,
        parcours_id=pid,
        orientation_id=oid,
        marque=marque,
        naissance=naissance,
        valeurs=[
            marque,
            f"Nom{marque}" if nom is None else nom,
            f"Prenom{marque}",
            f"{marque.lower()}@exemple.org",
            person["telephone"],
        ],
    )
