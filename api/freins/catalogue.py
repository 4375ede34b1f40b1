"""The freins référentiel: the situations, objectives and action types a diagnostic may name,
the national values and each territoire's additions.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.errors import Conflict, InvalidField, NotFound
from api.freins.models import ReferentielValeur
from api.freins.schemas import (
    DomaineIn,
    DomaineReferentiel,
    ReferentielOut,
    ValeurCreate,
    ValeurOut,
)
from api.referentiel import Domaine, KindReferentiel


async def referentiel(session: AsyncSession) -> tuple[ReferentielOut, str]:
    """All of it in one response, with a strong ETag over its content."""
    rows = (
        await session.scalars(
            select(ReferentielValeur).order_by(
                ReferentielValeur.domaine,
                ReferentielValeur.kind,
                ReferentielValeur.ordre,
                ReferentielValeur.code,
            )
        )
    ).all()
    by_domaine: dict[str, dict[str, list[ValeurOut]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_domaine[row.domaine][row.kind].append(ValeurOut.model_validate(row))
    out = ReferentielOut(
        domaines=[
            DomaineReferentiel(
                domaine=d,
                situations=by_domaine[d][KindReferentiel.situation],
                objectifs=by_domaine[d][KindReferentiel.objectif],
                types_action=by_domaine[d][KindReferentiel.type_action],
            )
            for d in Domaine
        ]
    )
    digest = hashlib.sha256(out.model_dump_json().encode()).hexdigest()[:32]
    return out, f'"{digest}"'


async def add_valeur(
    session: AsyncSession, actor: Actor, context: AuditContext, data: ValeurCreate
) -> ReferentielValeur:
    ordre = await session.scalar(
        select(ReferentielValeur.ordre)
        .where(ReferentielValeur.kind == data.kind, ReferentielValeur.domaine == data.domaine)
        .order_by(ReferentielValeur.ordre.desc())
        .limit(1)
    )
    valeur = ReferentielValeur(**data.model_dump(), ordre=(ordre or 0) + 1, retire=False)
    session.add(valeur)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("Cette valeur existe déjà dans le référentiel.") from None
    await audit.record(
        session, context, "create", object_type="referentiel_valeur", object_id=valeur.id
    )
    return valeur


async def retire_valeur(
    session: AsyncSession, actor: Actor, context: AuditContext, valeur_id: uuid.UUID
) -> ReferentielValeur:
    valeur = await session.get(ReferentielValeur, valeur_id)
    if valeur is None:
        raise NotFound("Aucune valeur du référentiel ne correspond à cet identifiant.")
    valeur.retire = True
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="referentiel_valeur",
        object_id=valeur.id,
        details={"transition": "retrait"},
    )
    return valeur


async def offered_values(session: AsyncSession, kind: KindReferentiel) -> dict[str, set[str]]:
    rows = await session.execute(
        select(ReferentielValeur.domaine, ReferentielValeur.code).where(
            ReferentielValeur.kind == kind, ReferentielValeur.retire.is_(False)
        )
    )
    offered: dict[str, set[str]] = defaultdict(set)
    for domaine, code in rows:
        offered[domaine].add(code)
    return offered


async def check_domaines(session: AsyncSession, items: list[DomaineIn]) -> None:
    offered = await offered_values(session, KindReferentiel.situation)
    seen: set[str] = set()
    for index, item in enumerate(items):
        field = f"body.domaines.{index}"
        if item.domaine in seen:
            raise InvalidField(f"{field}.domaine", "Chaque domaine n'apparaît qu'une fois.")
        seen.add(item.domaine)
        unknown = [s for s in item.situations if s not in offered[item.domaine]]
        if unknown:
            raise InvalidField(
                f"{field}.situations",
                "Situation inconnue ou retirée du référentiel : " + ", ".join(unknown),
            )
        if item.domaine == Domaine.logement and len(item.situations) != 1:
            raise InvalidField(
                f"{field}.situations", "Le logement se décrit par une seule situation."
            )
