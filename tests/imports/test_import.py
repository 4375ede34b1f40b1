"""Import of the programme's history: template, dry run, application, idempotency, perimeter."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.imports import gabarit
from api.imports.models import ImportReference
from api.parcours.models import Parcours, SuiviPostSortie
from api.referentiel import StatutParcours
from api.settings import ROOT_DIR
from api.statistiques.models import StatistiqueParcours
from bench.import_fichier import corrected, generate

CSV = "text/csv"


async def _import(
    client: httpx.AsyncClient, headers: dict[str, str], content: bytes, name: str = "f.csv"
) -> dict[str, Any]:
    """Upload and dry-run (the analysis runs as the response's background task)."""
    response = await client.post(
        "/api/v1/imports", headers=headers, files={"fichier": (name, content, CSV)}
    )
    assert response.status_code == 202, response.text
    assert response.headers["Location"].endswith(response.json()["id"])
    done = await client.get(f"/api/v1/imports/{response.json()['id']}", headers=headers)
    assert done.status_code == 200
    return dict(done.json())


async def _confirm(
    client: httpx.AsyncClient, headers: dict[str, str], import_id: str
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/imports/{import_id}/confirmation", headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["statut"] == "application"
    done = await client.get(f"/api/v1/imports/{import_id}", headers=headers)
    return dict(done.json())


async def _lines(
    client: httpx.AsyncClient, headers: dict[str, str], import_id: str, action: str
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"action": action, "limit": 200}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get(f"/api/v1/imports/{import_id}/lignes", headers=headers, params=params)
        ).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


async def test_example_file_dry_run_then_apply(client: httpx.AsyncClient, auth: Any) -> None:
    coordinateur = auth("coordinateur.paris")
    template = await client.get("/api/v1/imports/gabarit.csv", headers=coordinateur)
    assert template.status_code == 200
    report = await _import(client, coordinateur, template.content)
    assert report["statut"] == "analyse_terminee"
    assert report["total"] == 3
    assert report["analyse"] == {"creer": 2, "rejeter": 1}
    rejected = await _lines(client, coordinateur, report["id"], "rejeter")
    assert [r["numero"] for r in rejected] == [4]
    assert {(e["colonne"], e["message"]) for e in rejected[0]["erreurs"]} == {
        ("date_naissance", "Date invalide « 1990-13-01 » (AAAA-MM-JJ)."),
        ("chantier", "Chantier « Chantier inconnu » inconnu (nom exact ou SIRET)."),
        ("logement_entree", "Valeur « tente » inconnue : voir les valeurs autorisées."),
        ("niveau_sante_sortie", "Nombre entier de 0 à 3 attendu."),
    }
    applied = await _confirm(client, coordinateur, report["id"])
    assert applied["statut"] == "terminee"
    assert applied["resultat"] == {"creer": 2, "rejeter": 1}
    assert applied["traitees"] == 3


def _csv(rows: list[dict[str, str]]) -> bytes:
    return gabarit.csv_text(rows).encode()


async def _parcours_of(session: AsyncSession, prefix: str) -> list[Parcours]:
    ids = select(ImportReference.parcours_id).where(
        ImportReference.reference_externe.like(f"{prefix}-%")
    )
    return list((await session.scalars(select(Parcours).where(Parcours.id.in_(ids)))).all())


async def test_thousand_rows_dry_run_apply_reapply_and_correct(
    client: httpx.AsyncClient, auth: Any, session: AsyncSession
) -> None:
    coordinateur = auth("coordinateur.paris")
    rows, expected = generate(1000, "Ressourcerie du Canal", prefix="MILLE")
    assert expected == {"creer": 850, "rapprocher": 50, "rejeter": 100}
    audits_before = await session.scalar(select(func.count()).select_from(AuditEvent))

    report = await _import(client, coordinateur, _csv(rows))
    assert report["analyse"] == dict(expected)
    rejected = await _lines(client, coordinateur, report["id"], "rejeter")
    reasons = Counter(e["colonne"] for r in rejected for e in r["erreurs"])
    assert reasons == {
        "reference_externe": 50,
        "date_entree": 13,
        "motif_sortie": 13,
        "nom": 12,
        "niveau_sante_entree": 12,
    }
    assert await _parcours_of(session, "MILLE") == []  # a dry run writes nothing

    applied = await _confirm(client, coordinateur, report["id"])
    assert applied["resultat"] == dict(expected) and applied["statut"] == "terminee"
    created = await _parcours_of(session, "MILLE")
    assert len(created) == 900
    # Historical exits: closed, no check-in planned, only the known results recorded.
    assert {p.statut for p in created} == {StatutParcours.clos}
    assert all(p.sortie_historique for p in created)
    pending = await session.scalar(
        select(func.count())
        .select_from(SuiviPostSortie)
        .where(
            SuiviPostSortie.parcours_id.in_([p.id for p in created]),
            SuiviPostSortie.date_realisee.is_(None),
        )
    )
    assert pending == 0
    # One audit event for the whole import (no event per row).
    events = (
        await session.scalars(
            select(AuditEvent).where(AuditEvent.action == "import").order_by(AuditEvent.id)
        )
    ).all()
    assert events[-1].details == {"lignes": 1000, **dict(expected)}
    audits_after = await session.scalar(select(func.count()).select_from(AuditEvent))
    assert audits_after is not None and audits_before is not None
    assert audits_after - audits_before < 10

    versions = {p.id: p.version for p in created}
    again = await _import(client, coordinateur, _csv(rows))
    assert again["analyse"] == {"inchange": 900, "rejeter": 100}
    await _confirm(client, coordinateur, again["id"])
    session.expire_all()
    after = await _parcours_of(session, "MILLE")
    assert {p.id: p.version for p in after} == versions

    fixed, changed = corrected(rows, 10)
    third = await _import(client, coordinateur, _csv(fixed))
    assert third["analyse"] == {"mettre_a_jour": 10, "inchange": 890, "rejeter": 100}
    done = await _confirm(client, coordinateur, third["id"])
    assert done["resultat"] == third["analyse"]
    session.expire_all()
    ids = select(ImportReference.parcours_id).where(ImportReference.reference_externe.in_(changed))
    fixed_parcours = (await session.scalars(select(Parcours).where(Parcours.id.in_(ids)))).all()
    assert {(p.motif_sortie, p.categorie_sortie) for p in fixed_parcours} == {
        ("cdi", "emploi_durable")
    }
    records = (
        await session.scalars(
            select(StatistiqueParcours).where(StatistiqueParcours.parcours_id.in_(ids))
        )
    ).all()
    assert {r.categorie_sortie for r in records} == {"emploi_durable"}


async def test_template_columns_and_allowed_values(client: httpx.AsyncClient, auth: Any) -> None:
    """The SPA reads the template's columns and allowed values from the API, as the workbook
    lists them; the example it offers is the documented one (docs/import-exemple.csv)."""
    coordinateur = auth("coordinateur.paris")
    response = await client.get("/api/v1/imports/gabarit", headers=coordinateur)
    assert response.status_code == 200
    body = response.json()
    assert [c["nom"] for c in body["colonnes"]] == list(gabarit.NOMS)
    listes = {c["valeurs"] for c in body["colonnes"] if c["valeurs"] is not None}
    assert listes <= set(body["valeurs"])
    assert {"code": "cdi", "libelle": "CDI (aidé ou non)"} in body["valeurs"]["motif_sortie"]
    assert all(body["valeurs"][name] for name in listes)
    example = await client.get("/api/v1/imports/gabarit.csv", headers=coordinateur)
    docs = ROOT_DIR / "docs" / "import-exemple.csv"
    assert example.content == docs.read_bytes()
    accompagnateur = auth("accompagnateur.paris")
    assert (await client.get("/api/v1/imports/gabarit", headers=accompagnateur)).status_code == 403
