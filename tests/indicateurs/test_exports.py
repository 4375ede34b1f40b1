"""Exports: streamed, within the perimeter, audited; the evaluation dataset is pseudonymised."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.exports.service import EVALUATION_HEADER, PARCOURS_HEADER
from api.referentiel import TypeConsentement
from api.salaries.models import Consentement, Salarie
from api.statistiques.models import StatistiqueParcours
from tests.conftest import BACKEND, DemoIds


def _rows(response: Any) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))


async def _exports(session: AsyncSession) -> list[AuditEvent]:
    return list(
        (await session.scalars(select(AuditEvent).where(AuditEvent.action == "export"))).all()
    )


async def test_parcours_export_stays_in_the_perimeter_without_health(
    client: Any, auth: Any, demo: DemoIds, session: AsyncSession
) -> None:
    everything = _rows(await client.get("/api/v1/exports/parcours.csv"))
    response = await client.get("/api/v1/exports/parcours.csv", headers=auth("coordinateur.paris"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="parcours-')
    rows = _rows(response)
    assert list(rows[0]) == PARCOURS_HEADER
    assert rows and {r["Territoire"] for r in rows} == {"Paris"}
    assert len(everything) > len(rows)
    assert not any("sante" in h.lower() or "santé" in h.lower() for h in PARCOURS_HEADER)
    chantier = _rows(
        await client.get("/api/v1/exports/parcours.csv", headers=auth("direction.paris"))
    )
    assert chantier and len({r["Chantier"] for r in chantier}) == 1
    assert (
        await client.get("/api/v1/exports/parcours.csv", headers=auth("fas.idf"))
    ).status_code == 403
    assert any(e.object_type == "parcours" for e in await _exports(session))


async def test_indicator_exports_csv_and_excel(client: Any, auth: Any) -> None:
    year = {"periode_sortie_debut": "2024-01-01", "periode_sortie_fin": "2024-12-31"}
    response = await client.get(
        "/api/v1/exports/indicateurs.csv", params=year, headers=auth("demo-fas-ile-de-france")
    )
    assert response.status_code == 200, response.text
    rows = _rows(response)
    assert rows[0]["Regroupement"] == "total"
    assert any(r["Masqué"] == "oui" and r["Numérateur"] == "< 11" for r in rows)
    response = await client.get("/api/v1/exports/indicateurs.xlsx", params=year)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [
        "Ensemble",
        "Par territoire",
        "Par chantier",
        "Par année",
        "Définitions",
    ]
    definitions = [row[0] for row in book["Définitions"].iter_rows(values_only=True)]
    assert "sorties_dynamiques" in definitions
    # A cohort cannot be grouped by year: that sheet is left out, the others are there.
    response = await client.get("/api/v1/exports/indicateurs.xlsx", params={"cohorte_entree": 2023})
    assert "Par année" not in load_workbook(io.BytesIO(response.content)).sheetnames
    bad = await client.get("/api/v1/exports/indicateurs.csv", headers=auth("fas.idf"))
    assert bad.status_code == 422


async def test_evaluation_dataset_is_pseudonymised_and_consented(
    client: Any, auth: Any, session: AsyncSession
) -> None:
    evaluateur = auth("evaluateur")
    first = await client.get("/api/v1/exports/evaluation.csv", headers=evaluateur)
    assert first.status_code == 200
    rows = _rows(first)
    assert rows and list(rows[0]) == EVALUATION_HEADER
    consented = set(
        (
            await session.scalars(
                select(Consentement.salarie_id).where(
                    Consentement.type == TypeConsentement.usage_evaluation,
                    Consentement.revoque_le.is_(None),
                )
            )
        ).all()
    )
    expected = await session.scalar(
        select(text("count(*)"))
        .select_from(StatistiqueParcours)
        .where(StatistiqueParcours.salarie_id.in_(consented))
    )
    assert len(rows) == expected
    # Stable across exports; no name, no birth date anywhere.
    again = _rows(await client.get("/api/v1/exports/evaluation.csv", headers=evaluateur))
    assert [r["pseudonyme"] for r in again] == [r["pseudonyme"] for r in rows]
    people = (await session.execute(select(Salarie.nom, Salarie.date_naissance))).all()
    for nom, naissance in people:
        assert nom not in first.text and naissance.isoformat() not in first.text
    # Every demo chantier is smaller than 11 consenting people: all merged into "autres".
    assert {r["chantier"] for r in rows} == {"autres"}
    # Withdrawing the consent takes the person out of the next export.
    consent = (
        await session.scalars(
            select(Consentement).where(
                Consentement.type == TypeConsentement.usage_evaluation,
                Consentement.revoque_le.is_(None),
            )
        )
    ).first()
    assert consent is not None
    from datetime import date

    consent.revoque_le = date.today()
    await session.commit()
    after = _rows(await client.get("/api/v1/exports/evaluation.csv", headers=evaluateur))
    assert len(after) < len(rows)
    assert (await client.get("/api/v1/exports/evaluation.csv")).status_code == 403


@pytest.mark.skipif(BACKEND != "postgresql", reason="query plans are PostgreSQL's")
async def test_indicator_filters_use_indexes(session: AsyncSession) -> None:
    """The grid's filters (year, territoire) are served by indexes on PostgreSQL."""
    from api.indicateurs import service

    q = service.Demande(periode_sortie_debut=None)
    where = [*service._population(q, False), StatistiqueParcours.annee_sortie == 2024]
    territoire = (await session.scalars(select(StatistiqueParcours.territoire_id).limit(1))).one()
    where.append(StatistiqueParcours.territoire_id == territoire)
    stmt = (
        select(StatistiqueParcours.chantier_id, text("count(*)"))
        .where(*where)
        .group_by(StatistiqueParcours.chantier_id)
    )
    compiled = stmt.compile(session.get_bind(), compile_kwargs={"literal_binds": True})
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(r[0] for r in await session.execute(text(f"EXPLAIN {compiled}")))
    assert "ix_statistique_parcours" in plan, plan
