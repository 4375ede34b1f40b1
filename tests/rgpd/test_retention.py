"""Retention: files past 24 months after the last contact are anonymised, and nothing of the
person remains anywhere, while the indicators stay exactly the same."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import Date, LargeBinary, String, Text, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.types import JSON

from api.core.audit import AuditEvent, verify_chain
from api.core.db import Base
from api.parcours.dates import add_months
from api.rgpd.jobs import run_retention
from api.rgpd.models import ContratArchive
from api.rgpd.retention import dossiers
from api.salaries.models import Salarie
from api.settings import Settings
from api.statistiques.models import StatistiqueOrientation, StatistiqueParcours
from tests.conftest import DemoIds
from tests.rgpd.dossier import dossier_complet

TODAY = date.today()
# "Closed 24 months and 1 day ago" and "closed 23 months ago", on a frozen today.
PAST_DUE = add_months(TODAY, -24) - timedelta(days=1)
NOT_YET = add_months(TODAY, -23)


async def _grep(session: AsyncSession, needles: list[str], birth: date) -> list[str]:
    """Every text, JSON and binary column of every table, and every date column for the
    birth date: where does one of these values still appear?"""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, Date):
                n = await session.scalar(
                    select(func.count()).select_from(table).where(column == birth)
                )
                if n:
                    found.append(f"{table.name}.{column.name} = {birth}")
                continue
            if not isinstance(kind, String | Text | JSON | LargeBinary):
                continue
            for (value,) in (
                await session.execute(select(column).where(column.is_not(None)))
            ).all():
                if isinstance(value, bytes):
                    text = value.decode("utf-8", "replace")
                elif isinstance(value, dict | list):
                    text = json.dumps(value, ensure_ascii=False, default=str)
                else:
                    text = str(value)
                for needle in [*needles, birth.isoformat()]:
                    if needle.lower() in text.lower():
                        found.append(f"{table.name}.{column.name} contains {needle!r}")
    return found


async def _indicateurs(client: httpx.AsyncClient, demo: DemoIds) -> list[Any]:
    paris = demo.territoires["paris"]
    queries = [
        {},
        {"periode_sortie_debut": f"{PAST_DUE.year - 1}-01-01", "groupe_par": "territoire"},
        {"territoire": str(paris), "groupe_par": "chantier"},
        {"cohorte_entree": str((PAST_DUE - timedelta(days=300)).year)},
        {"groupe_par": "annee"},
        {"chantier": str(demo.structures["Ateliers de Belleville"])},
    ]
    out = []
    for params in queries:
        response = await client.get("/api/v1/indicateurs", params=params)
        assert response.status_code == 200, response.text
        out.append(response.json())
    return out


async def _row_counts(session: AsyncSession) -> dict[str, int]:
    return {
        t.name: int(await session.scalar(select(func.count()).select_from(t)) or 0)
        for t in Base.metadata.sorted_tables
    }


@pytest.fixture
def retention_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"retention_batch_size": 3})


async def test_closed_past_24_months_is_anonymised_and_23_months_untouched(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    old = await dossier_complet(client, anonymous, auth, demo, PAST_DUE)
    recent = await dossier_complet(client, anonymous, auth, demo, NOT_YET)
    found = {
        str(d.salarie_id): d
        for d in await dossiers(
            session, 24, salarie_ids=[uuid.UUID(old.salarie_id), uuid.UUID(recent.salarie_id)]
        )
    }
    assert found[old.salarie_id].dernier_contact == PAST_DUE
    assert found[recent.salarie_id].dernier_contact == NOT_YET
    before = await _indicateurs(client, demo)

    passage = await run_retention(sessionmaker, retention_settings, today=TODAY)

    assert passage.total >= 1
    assert await session.get(Salarie, uuid.UUID(old.salarie_id)) is None
    assert await session.get(Salarie, uuid.UUID(recent.salarie_id)) is not None
    assert await _indicateurs(client, demo) == before
    # The statistical records stay, detached from the person.
    record = await session.get(StatistiqueParcours, uuid.UUID(old.parcours_id))
    assert record is not None and record.anonymise and record.salarie_id is None
    assert record.categorie_sortie == "emploi_durable" and record.suivi12_prevu is not None
    assert await session.get(StatistiqueOrientation, uuid.UUID(old.orientation_id)) is not None
    kept = await session.get(StatistiqueParcours, uuid.UUID(recent.parcours_id))
    assert kept is not None and not kept.anonymise and str(kept.salarie_id) == recent.salarie_id
    # One audit row per batch, with counts and no name.
    batches = (
        await session.scalars(select(AuditEvent).where(AuditEvent.action == "anonymise"))
    ).all()
    assert batches and sum(b.details["personnes"] for b in batches) == passage.total
    assert all(b.actor_type == "systeme" and b.salarie_id is None for b in batches)
    assert all(b.details["personnes"] <= 3 for b in batches)
    assert (await verify_chain(session)).first_broken_id is None


async def test_nothing_of_the_person_remains_in_any_table(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    old = await dossier_complet(client, anonymous, auth, demo, PAST_DUE)
    # An idempotent POST keeps its reply (with the person's name) for 24 hours.
    replayed = await client.post(
        f"/api/v1/salaries/{old.salarie_id}/referents",
        json={"nom": f"Autre{old.marque}", "organisation": "SPIP", "fonction": "spip"},
        headers={"Idempotency-Key": f"cle-{old.marque}"},
    )
    assert replayed.status_code == 201
    assert await _grep(session, old.valeurs, old.naissance) != []  # the probe finds them

    await run_retention(sessionmaker, retention_settings, today=TODAY)

    assert await _grep(session, old.valeurs, old.naissance) == []
    archived = (await session.scalars(select(ContratArchive))).all()
    assert any(a.date_fin == PAST_DUE - timedelta(days=300 - 7 - 120) for a in archived)


async def test_running_twice_changes_nothing_the_second_time(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    await dossier_complet(client, anonymous, auth, demo, PAST_DUE)
    first = await run_retention(sessionmaker, retention_settings, today=TODAY)
    assert first.total >= 1
    counts = await _row_counts(session)
    stats = [
        (r.parcours_id, r.salarie_id, r.anonymise)
        for r in (await session.scalars(select(StatistiqueParcours))).all()
    ]
    second = await run_retention(sessionmaker, retention_settings, today=TODAY)
    assert second.total == 0 and second.lots == 0
    assert await _row_counts(session) == counts
    assert [
        (r.parcours_id, r.salarie_id, r.anonymise)
        for r in (await session.scalars(select(StatistiqueParcours))).all()
    ] == stats


async def test_dry_run_counts_by_territoire_and_changes_nothing(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    old = await dossier_complet(client, anonymous, auth, demo, PAST_DUE)
    counts = await _row_counts(session)
    simulated = await run_retention(sessionmaker, retention_settings, today=TODAY, dry_run=True)
    assert simulated.dossiers[demo.territoires["paris"]] >= 1
    assert await _row_counts(session) == counts
    assert await session.get(Salarie, uuid.UUID(old.salarie_id)) is not None
    done = await run_retention(sessionmaker, retention_settings, today=TODAY)
    assert done.dossiers == simulated.dossiers


async def test_the_frozen_clock_moves_the_limit(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    recent = await dossier_complet(client, anonymous, auth, demo, NOT_YET)
    person = uuid.UUID(recent.salarie_id)
    limit = add_months(NOT_YET, 24)
    await run_retention(sessionmaker, retention_settings, today=limit)  # exactly 24 months
    assert await session.get(Salarie, person) is not None
    await run_retention(sessionmaker, retention_settings, today=limit + timedelta(days=1))
    assert await session.get(Salarie, person) is None


async def test_open_files_are_never_anonymised(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
) -> None:
    ongoing = await dossier_complet(client, anonymous, auth, demo, None)
    far = add_months(TODAY, 40)
    [found] = await dossiers(session, 24, salarie_ids=[uuid.UUID(ongoing.salarie_id)])
    assert found.ouvert and not found.du(far)
    await run_retention(sessionmaker, retention_settings, today=far)
    assert await session.get(Salarie, uuid.UUID(ongoing.salarie_id)) is not None
    # A contract ending later is a planned date: the last contact so far is today.
    [employed] = await dossiers(
        session, 24, salarie_ids=[demo.salaries["Ateliers de Belleville:en_cours"]]
    )
    assert employed.ouvert and employed.dernier_contact == TODAY


async def test_people_without_parcours_go_24_months_after_creation(
    client: httpx.AsyncClient,
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    retention_settings: Settings,
    demo: DemoIds,
) -> None:
    created = await client.post(
        "/api/v1/salaries",
        json={
            "chantier_id": str(demo.structures["Ateliers de Belleville"]),
            "nom": "Abandon",
            "prenoms": "Inscription",
            "date_naissance": "1959-03-03",
            "confirm_distinct": True,
        },
    )
    person = uuid.UUID(created.json()["id"])
    [found] = await dossiers(session, 24, salarie_ids=[person])
    assert not found.avec_parcours and found.dernier_contact == TODAY
    await run_retention(sessionmaker, retention_settings, today=add_months(TODAY, 24))
    assert await session.get(Salarie, person) is not None
    passage = await run_retention(
        sessionmaker, retention_settings, today=add_months(TODAY, 24) + timedelta(days=1)
    )
    assert await session.get(Salarie, person) is None
    assert passage.sans_parcours[demo.territoires["paris"]] >= 1
