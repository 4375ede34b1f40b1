"""Import of the programme's history: template, dry run, application, idempotency, perimeter."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.imports import gabarit
from api.imports.models import ImportReference
from api.parcours.models import Parcours, StatutParcours, SuiviPostSortie
from api.statistiques.models import StatistiqueParcours

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
