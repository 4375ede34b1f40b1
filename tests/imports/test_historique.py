"""Historical data: exits past the follow-up window, past conventions, and the evaluation
dataset agreeing with the indicators."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.exports.service import evaluation_key, pseudonym
from api.imports import gabarit
from api.referentiel import MotifSortie
from api.rgpd.anonymisation import anonymise
from api.salaries.models import Salarie
from tests.conftest import DemoIds

HEADLINE = ("public_rue", "sorties_dynamiques", "en_logement", "sante_amelioree", "droits_accrus")
DYNAMIQUES = {"emploi_durable", "emploi_transition", "sortie_positive"}


def _row(ref: str, i: int, **over: str) -> dict[str, str]:
    return {
        "reference_externe": ref,
        "nom": f"Evaluation{i}",
        "prenoms": "Test",
        "date_naissance": date(1960, 1, 1 + i % 28).replace(month=1 + i % 12).isoformat(),
        "chantier": "Ressourcerie du Canal",
        "date_entree": "2016-03-01",
        "parcours_de_rue": "oui",
        "logement_entree": "sans_abri",
        "niveau_sante_entree": "2",
        "situations_sante_entree": "couverture_base",
        "niveau_droits_entree": "2",
        "situations_droits_entree": "domiciliation",
        "date_sortie": "2017-06-15",
        "motif_sortie": "cdi",
        "logement_sortie": "residence_sociale",
        # The levels improve, the situations don't change.
        "niveau_sante_sortie": "1",
        "situations_sante_sortie": "couverture_base",
        "niveau_droits_sortie": "1",
        "situations_droits_sortie": "domiciliation",
        "consentement_evaluation": "oui",
        **over,
    }


async def _import(
    client: httpx.AsyncClient, auth: Any, rows: list[dict[str, str]]
) -> dict[str, Any]:
    headers = auth("coordinateur.paris")
    content = gabarit.csv_text(rows).encode()
    created = await client.post(
        "/api/v1/imports", headers=headers, files={"fichier": ("f.csv", content, "text/csv")}
    )
    assert created.status_code == 202, created.text
    confirmed = await client.post(
        f"/api/v1/imports/{created.json()['id']}/confirmation", headers=headers
    )
    assert confirmed.status_code == 202, confirmed.text
    report = (await client.get(f"/api/v1/imports/{created.json()['id']}", headers=headers)).json()
    assert report["statut"] == "terminee"
    return dict(report)


def _csv(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))


async def _figures(
    client: httpx.AsyncClient, auth: Any, territoire: str, year: int
) -> dict[str, tuple[int | None, int | None]]:
    out = (
        await client.get(
            "/api/v1/indicateurs",
            params={
                "territoire": territoire,
                "periode_sortie_debut": f"{year}-01-01",
                "periode_sortie_fin": f"{year}-12-31",
            },
        )
    ).json()
    return {
        i["code"]: (i["numerateur"], i["denominateur"])
        for i in out["total"]["indicateurs"]
        if i["code"] in HEADLINE
    }


def _recomputed(rows: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """docs/indicateurs.md: the brochure's figures computed on evaluation.csv."""
    counted = [r for r in rows if r["sortie_comptee"] == "oui"]
    n = len(counted)
    return {
        "public_rue": (sum(r["parcours_de_rue"] == "oui" for r in counted), n),
        "sorties_dynamiques": (sum(r["categorie_sortie"] in DYNAMIQUES for r in counted), n),
        "en_logement": (sum(r["en_logement_sortie"] == "oui" for r in counted), n),
        "sante_amelioree": (sum(r["sante_amelioree"] == "oui" for r in counted), n),
        "droits_accrus": (sum(r["droits_accrus"] == "oui" for r in counted), n),
    }


async def test_levels_improved_without_situation_change_agree(
    client: httpx.AsyncClient, auth: Any, demo: DemoIds
) -> None:
    await _import(client, auth, [_row("EVAL-A", 1)])
    rows = _csv(
        await client.get(
            "/api/v1/exports/evaluation.csv",
            headers=auth("evaluateur"),
            params={"annee_sortie": 2017},
        )
    )
    mine = [r for r in rows if r["mois_sortie"] == "2017-06" and r["motif_sortie"] == "cdi"]
    assert mine, "the imported exit is in the dataset"
    row = mine[-1]
    assert row["annee_sortie"] == "2017" and row["categorie_sortie"] == "emploi_durable"
    # The levels went down (2 -> 1), the situations did not change: not improved, as in
    # the indicators.
    assert (row["niveau_entree_sante"], row["niveau_sortie_sante"]) == ("2", "1")
    assert row["sante_amelioree"] == "non" and row["droits_accrus"] == "non"
    # Historical exit to a job, no follow-up known: unknown, not failed.
    assert row["suivi6_tenu"] == "" and row["suivi6_mois_prevu"] == ""
    synthese = (
        await client.get(
            "/api/v1/exports/evaluation/synthese",
            headers=auth("evaluateur"),
            params={"annee_sortie": 2017},
        )
    ).json()
    by_code = {i["code"]: (i["numerateur"], i["denominateur"]) for i in synthese["indicateurs"]}
    for code, value in _recomputed(rows).items():
        assert by_code[code] == value, code


async def test_historical_exits_leave_nothing_to_do(client: httpx.AsyncClient, auth: Any) -> None:
    await _import(
        client,
        auth,
        [
            _row("EVAL-B", 2),
            _row("EVAL-C", 3, suivi6_resultat="joint", suivi6_en_emploi="oui"),
        ],
    )
    items = (await client.get("/api/v1/a-faire", headers=auth("coordinateur.paris"))).json()
    names = {i["nom"] for i in items["items"]}
    assert not names & {"Evaluation2", "Evaluation3"}
    parcours = (
        await client.get(
            "/api/v1/parcours",
            headers=auth("coordinateur.paris"),
            params={"q": "Evaluation2", "statut": "clos"},
        )
    ).json()["items"]
    detail = (
        await client.get(
            f"/api/v1/parcours/{parcours[0]['parcours_id']}", headers=auth("coordinateur.paris")
        )
    ).json()
    assert detail["suivi_post_sortie"] == "non_suivi_historique"
    assert detail["statut"] == "clos" and detail["suivis"] == []


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.sampled_from([m.value for m in MotifSortie]),
            st.sampled_from(["sans_abri", "residence_sociale", "locataire_parc_prive", "chrs"]),
            st.booleans(),
            st.integers(0, 3),
            st.booleans(),
        ),
        min_size=1,
        max_size=6,
    )
)
async def test_indicators_equal_the_dataset(
    app: Any, auth: Any, demo: DemoIds, people: list[tuple[str, str, bool, int, bool]]
) -> None:
    """For random historical parcours of consenting people in a year no one else exited,
    the brochure's figures of /indicateurs equal those recomputed from evaluation.csv."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("admin")
    ) as client:
        rows = [
            _row(
                f"PROP-{uuid.uuid4().hex[:12]}",
                100 + i,
                date_entree="2008-02-01",
                date_sortie="2009-05-10",
                motif_sortie=motif,
                logement_sortie=logement,
                parcours_de_rue="oui" if rue else "non",
                niveau_sante_sortie=str(niveau),
                situations_sante_sortie="complementaire" if better else "couverture_base",
            )
            for i, (motif, logement, rue, niveau, better) in enumerate(people)
        ]
        await _import(client, auth, rows)
        dataset = _csv(
            await client.get(
                "/api/v1/exports/evaluation.csv",
                headers=auth("evaluateur"),
                params={"annee_sortie": 2009},
            )
        )
        figures = await _figures(client, auth, str(demo.territoires["paris"]), 2009)
        expected = _recomputed(dataset)
        for code in HEADLINE:
            assert figures[code] == expected[code], code


async def test_retention_keeps_consented_evaluation_rows_erasure_does_not(
    client: httpx.AsyncClient, auth: Any, session: AsyncSession, settings: Any
) -> None:
    await _import(client, auth, [_row("EVAL-R", 40), _row("EVAL-S", 41)])
    key = evaluation_key(settings.secret_key, settings.evaluation_key)
    ids = {
        nom: sid
        for sid, nom in await session.execute(
            select(Salarie.id, Salarie.nom).where(Salarie.nom.in_(["Evaluation40", "Evaluation41"]))
        )
    }
    kept, erased = pseudonym(key, ids["Evaluation40"]), pseudonym(key, ids["Evaluation41"])

    async def pseudonyms() -> set[str]:
        response = await client.get("/api/v1/exports/evaluation.csv", headers=auth("evaluateur"))
        return {r["pseudonyme"] for r in _csv(response)}

    assert {kept, erased} <= await pseudonyms()
    await anonymise(session, [ids["Evaluation40"]], [], date.today(), key)  # retention
    await anonymise(session, [ids["Evaluation41"]], [], date.today())  # erasure on request
    await session.commit()
    after = await pseudonyms()
    assert kept in after and erased not in after
