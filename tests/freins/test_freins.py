"""Freins and diagnostics: immutability, corrections, evolution rules, need to know."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import Actor
from api.freins import evolution as rules
from api.freins.diagnostics import _domaine_out
from api.freins.models import DiagnosticDomaine, Frein
from api.freins.service import frein_out
from api.referentiel import Role
from tests.conftest import DemoIds
from tests.parcours.test_parcours import TODAY, _diagnostic, _drive, _new_parcours


def _walk_sante(value: Any, found: list[dict[str, Any]]) -> None:
    if isinstance(value, dict):
        if value.get("domaine") == "sante":
            found.append(value)
        for v in value.values():
            _walk_sante(v, found)
    elif isinstance(value, list):
        for v in value:
            _walk_sante(v, found)


async def test_validated_diagnostic_is_immutable_and_corrections_keep_both(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    diag = await _diagnostic(client, parcours["id"], "entree")
    url = f"/api/v1/diagnostics/{diag['id']}"
    patched = await client.patch(
        url, json={"date": TODAY.isoformat()}, headers={"If-Match": f'W/"{diag["version"]}"'}
    )
    assert patched.status_code == 409 and patched.json()["code"] == "diagnostic_valide"
    corrected = await client.post(
        f"{url}/correction",
        json={
            "domaines": [
                {"domaine": "logement", "niveau": 3, "situations": ["squat"]},
                {"domaine": "sante", "niveau": 2, "situations": ["couverture_base"]},
            ]
        },
    )
    assert corrected.status_code == 201 and corrected.json()["remplace_id"] == diag["id"]
    again = await client.post(
        f"{url}/correction",
        json={"domaines": [{"domaine": "logement", "niveau": 2, "situations": ["chu"]}]},
    )
    assert again.status_code == 409
    listing = (await client.get(f"/api/v1/parcours/{parcours['id']}/diagnostics")).json()
    assert {d["id"]: d["remplace"] for d in listing} == {
        diag["id"]: True,
        corrected.json()["id"]: False,
    }
    evo = (await client.get(f"/api/v1/parcours/{parcours['id']}/evolution")).json()
    logement = next(d for d in evo["domaines"] if d["domaine"] == "logement")
    assert logement["entree"]["situations"] == ["squat"]  # the latest version


async def test_a_second_entry_diagnostic_is_refused(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree")
    second = await client.post(
        f"/api/v1/parcours/{parcours['id']}/diagnostics",
        json={
            "etape": "entree",
            "date": TODAY.isoformat(),
            "valider": True,
            "domaines": [{"domaine": "emploi", "niveau": 1}],
        },
    )
    assert second.status_code == 409


async def test_draft_then_validate(client: httpx.AsyncClient, demo: DemoIds) -> None:
    parcours = await _new_parcours(client, demo)
    draft = await client.post(
        f"/api/v1/parcours/{parcours['id']}/diagnostics",
        json={
            "etape": "entree",
            "date": TODAY.isoformat(),
            "domaines": [{"domaine": "emploi", "niveau": 1}],
        },
    )
    assert draft.json()["statut"] == "brouillon"
    url = f"/api/v1/diagnostics/{draft.json()['id']}"
    completed = await client.patch(
        url,
        headers={"If-Match": draft.headers["etag"]},
        json={
            "domaines": [
                {"domaine": "emploi", "niveau": 2},
                {"domaine": "logement", "niveau": 3, "situations": ["sans_abri"]},
            ]
        },
    )
    assert completed.status_code == 200
    stale = await client.patch(
        url, headers={"If-Match": draft.headers["etag"]}, json={"date": TODAY.isoformat()}
    )
    assert stale.status_code == 412
    validated = await client.post(f"{url}/validation")
    assert validated.json()["statut"] == "valide"


async def test_logement_is_one_situation_of_the_list(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    for situations in ([], ["sans_abri", "squat"], ["chateau"]):
        response = await client.post(
            f"/api/v1/parcours/{parcours['id']}/diagnostics",
            json={
                "etape": "entree",
                "date": TODAY.isoformat(),
                "domaines": [{"domaine": "logement", "niveau": 3, "situations": situations}],
            },
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.domaines.0.situations"


async def test_freins_from_diagnostic_and_actions(client: httpx.AsyncClient, demo: DemoIds) -> None:
    parcours = await _new_parcours(client, demo)
    diag = await _diagnostic(
        client,
        parcours["id"],
        "entree",
        [
            {"domaine": "logement", "niveau": 3, "situations": ["sans_abri"]},
            {"domaine": "sante", "niveau": 2, "situations": ["sans_couverture"]},
            {"domaine": "droits", "niveau": 1, "situations": []},
        ],
    )
    freins = await client.post(
        f"/api/v1/parcours/{parcours['id']}/freins/depuis-diagnostic",
        json={"diagnostic_id": diag["id"]},
    )
    assert freins.status_code == 201
    assert sorted(f["domaine"] for f in freins.json()) == ["logement", "sante"]
    logement = next(f for f in freins.json() if f["domaine"] == "logement")
    action = await client.post(
        f"/api/v1/freins/{logement['id']}/actions",
        json={"type": "demande_siao", "echeance": TODAY.isoformat()},
    )
    assert action.status_code == 201
    wrong_type = await client.post(
        f"/api/v1/freins/{logement['id']}/actions", json={"type": "ouverture_css"}
    )
    assert wrong_type.status_code == 422
    board = (await client.get(f"/api/v1/parcours/{parcours['id']}/freins")).json()
    board_logement = next(f for f in board if f["domaine"] == "logement")
    assert board_logement["statut"] == "en_traitement"
    assert [a["type"] for a in board_logement["actions"]] == ["demande_siao"]
    done = await client.patch(
        f"/api/v1/actions/{action.json()['id']}",
        headers={"If-Match": f'W/"{action.json()["version"]}"'},
        json={"statut": "realisee"},
    )
    assert done.json()["date_realisation"] == date.today().isoformat()


async def _evolution(
    client: httpx.AsyncClient,
    demo: DemoIds,
    entree: list[dict[str, Any]],
    sortie: list[dict[str, Any]],
) -> dict[str, Any]:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree", entree)
    await _diagnostic(client, parcours["id"], "sortie", sortie)
    evo = (await client.get(f"/api/v1/parcours/{parcours['id']}/evolution")).json()
    return {d["domaine"]: d for d in evo["domaines"]}


async def test_evolution_rules_per_domaine(client: httpx.AsyncClient, demo: DemoIds) -> None:
    evo = await _evolution(
        client,
        demo,
        [
            {"domaine": "logement", "niveau": 3, "situations": ["sans_abri"]},
            {"domaine": "sante", "niveau": 3, "situations": ["sans_couverture"]},
            {"domaine": "droits", "niveau": 2, "situations": ["domiciliation"]},
            {"domaine": "emploi", "niveau": 2, "situations": []},
        ],
        [
            {"domaine": "logement", "niveau": 0, "situations": ["locataire_parc_social"]},
            {"domaine": "sante", "niveau": 1, "situations": ["complementaire", "medecin_traitant"]},
            {
                "domaine": "droits",
                "niveau": 1,
                "situations": ["domiciliation", "piece_identite", "css"],
            },
            {"domaine": "emploi", "niveau": 2, "situations": []},
        ],
    )
    assert evo["logement"]["ameliore"] is True and evo["logement"]["en_logement"] is True
    assert evo["sante"]["ameliore"] is True
    assert evo["droits"]["ameliore"] is True
    assert evo["emploi"]["ameliore"] is False and evo["emploi"]["niveau_baisse"] is False


async def test_evolution_without_improvement(client: httpx.AsyncClient, demo: DemoIds) -> None:
    evo = await _evolution(
        client,
        demo,
        [
            {"domaine": "logement", "niveau": 2, "situations": ["chrs"]},
            {"domaine": "sante", "niveau": 1, "situations": ["complementaire", "medecin_traitant"]},
        ],
        [
            {"domaine": "logement", "niveau": 3, "situations": ["urgence_115"]},
            {
                "domaine": "sante",
                "niveau": 1,
                "situations": ["couverture_base", "suivi_specialise"],
            },
        ],
    )
    assert evo["logement"]["ameliore"] is False and evo["logement"]["en_logement"] is False
    assert evo["sante"]["ameliore"] is False


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (["sans_abri"], ["residence_sociale"], True),
        (["hotel_social"], ["chrs"], True),
        (["chrs"], ["heberge_chez_un_tiers"], False),
        (["locataire_parc_prive"], ["sans_abri"], False),
        (["sans_abri"], ["inconnu"], None),
    ],
)
def test_housing_rule(before: list[str], after: list[str], expected: bool | None) -> None:
    assert rules.logement_ameliore(before, after) is expected


def test_health_and_rights_rules() -> None:
    assert rules.sante_amelioree(["sans_couverture"], ["couverture_base"])
    assert rules.sante_amelioree(["complementaire"], ["complementaire", "medecin_traitant"])
    assert not rules.sante_amelioree(["complementaire", "medecin_traitant"], ["complementaire"])
    assert rules.droits_accrus([], ["compte_bancaire"])
    assert not rules.droits_accrus(["css", "aah"], ["css", "dossier_surendettement"])


def _actor(role: Role) -> Actor:
    return Actor(kind="user", id=uuid.uuid4(), role=role, structure_id=uuid.uuid4())


@pytest.mark.parametrize("role", list(Role))
def test_sante_details_by_need_to_know(role: Role) -> None:
    sante = DiagnosticDomaine(
        domaine="sante", niveau=2, situations=["sans_couverture"], commentaire="Suivi CMP"
    )
    logement = DiagnosticDomaine(domaine="logement", niveau=3, situations=["squat"])
    actor = _actor(role)
    out = _domaine_out(actor, sante).model_dump(exclude_unset=True)
    frein = frein_out(
        actor,
        Frein(
            id=uuid.uuid4(),
            parcours_id=uuid.uuid4(),
            domaine="sante",
            niveau=2,
            statut="identifie",
            situations=["sans_couverture"],
            objectifs=[],
            commentaire="CMP",
            date_identification=TODAY,
            version=1,
        ),
        [],
    ).model_dump(exclude_unset=True)
    if role in (
        Role.admin_national,
        Role.coordinateur,
        Role.direction_chantier,
        Role.accompagnateur,
    ):
        assert out["situations"] == ["sans_couverture"] and out["commentaire"] == "Suivi CMP"
        assert frein["commentaire"] == "CMP"
    else:
        assert "situations" not in out and "commentaire" not in out
        assert {"situations", "commentaire", "actions", "objectifs"}.isdisjoint(frein)
        assert ("niveau" in out) is (role == Role.charge_partenariat)
    assert _domaine_out(actor, logement).model_dump(exclude_unset=True)["situations"] == ["squat"]


async def test_no_sante_detail_reaches_an_encadrant(
    anonymous: httpx.AsyncClient,
    client: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = demo.parcours["Ateliers de Belleville:en_cours"]
    headers = auth("encadrant.paris")
    for path in ("", "/diagnostics", "/freins", "/evolution", "/journal"):
        response = await anonymous.get(f"/api/v1/parcours/{parcours}{path}", headers=headers)
        found: list[dict[str, Any]] = []
        _walk_sante(response.json(), found)
        assert all({"situations", "commentaire", "actions"}.isdisjoint(f) for f in found)
        assert "sans_couverture" not in response.text and "PASS" not in response.text
    # the control: the caseworker does get those details
    own = await client.get(f"/api/v1/parcours/{parcours}/diagnostics")
    assert "Suivi à organiser avec la PASS." in own.text


async def test_retired_situation_stays_readable_but_is_no_longer_offered(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(
        client,
        parcours["id"],
        "entree",
        [{"domaine": "logement", "niveau": 3, "situations": ["squat"]}],
    )
    referentiel = (await client.get("/api/v1/referentiel")).json()
    logement = next(d for d in referentiel["domaines"] if d["domaine"] == "logement")
    squat = next(s for s in logement["situations"] if s["code"] == "squat")
    retired = await client.post(f"/api/v1/referentiel/valeurs/{squat['id']}/retrait")
    assert retired.json()["retire"] is True
    old = (await client.get(f"/api/v1/parcours/{parcours['id']}/diagnostics")).json()
    assert old[0]["domaines"][0]["situations"] == ["squat"]
    other = await _new_parcours(client, demo)
    refused = await client.post(
        f"/api/v1/parcours/{other['id']}/diagnostics",
        json={
            "etape": "entree",
            "date": TODAY.isoformat(),
            "domaines": [{"domaine": "logement", "niveau": 3, "situations": ["squat"]}],
        },
    )
    assert refused.status_code == 422
    assert "retirée" in refused.json()["errors"][0]["message"]


async def test_referentiel_is_cacheable(client: httpx.AsyncClient) -> None:
    first = await client.get("/api/v1/referentiel")
    assert first.status_code == 200
    domaines = [d["domaine"] for d in first.json()["domaines"]]
    assert domaines[:4] == ["logement", "sante", "droits", "emploi"] and len(domaines) == 10
    cached = await client.get(
        "/api/v1/referentiel", headers={"If-None-Match": first.headers["etag"]}
    )
    assert cached.status_code == 304
    added = await client.post(
        "/api/v1/referentiel/valeurs",
        json={
            "kind": "type_action",
            "domaine": "logement",
            "code": "demande_fsl",
            "libelle": "Demande FSL",
        },
    )
    assert added.status_code == 201
    changed = await client.get(
        "/api/v1/referentiel", headers={"If-None-Match": first.headers["etag"]}
    )
    assert changed.status_code == 200 and changed.headers["etag"] != first.headers["etag"]


async def test_alerts_for_old_diagnostic_and_blocking_frein(
    client: httpx.AsyncClient,
    demo: DemoIds,
    session: AsyncSession,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo, entree=TODAY - timedelta(days=300))
    await _drive(client, parcours["id"], "en_cours")
    frein = await client.post(
        f"/api/v1/parcours/{parcours['id']}/freins",
        json={
            "domaine": "logement",
            "niveau": 3,
            "situations": ["sans_abri"],
            "date_identification": (TODAY - timedelta(days=40)).isoformat(),
        },
    )
    assert frein.status_code == 201
    from api.freins.models import Diagnostic

    await session.execute(
        update(Diagnostic)
        .where(Diagnostic.parcours_id == uuid.UUID(parcours["id"]))
        .values(date=TODAY - timedelta(days=200))
    )
    await session.commit()
    todo = (await client.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))).json()
    mine = {i["type"] for i in todo["items"] if i["parcours_id"] == parcours["id"]}
    assert {"diagnostic_suivi", "frein_bloquant_sans_action"} <= mine
    # The caseload says so to who reads freins, not to the encadrant technique (no freins).
    for who, sees in (("accompagnateur.paris", True), ("encadrant.paris", False)):
        page = await client.get("/api/v1/parcours", params={"limit": 200}, headers=auth(who))
        (row,) = [r for r in page.json()["items"] if r["parcours_id"] == parcours["id"]]
        assert ("frein_bloquant_sans_action" in row["alertes"]) is sees, who
        assert ("diagnostic_suivi" in row["alertes"]) is sees, who
    await client.post(f"/api/v1/freins/{frein.json()['id']}/actions", json={"type": "demande_siao"})
    todo = (await client.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))).json()
    mine = {i["type"] for i in todo["items"] if i["parcours_id"] == parcours["id"]}
    assert "frein_bloquant_sans_action" not in mine
