"""Who did something, as people read it: a name and an organisation, never an id.

One rule for the audit trail, an orientation's history and its thread: the caller reads the
name of a user they may know (their own organisation, or an organisation of their
perimeter; everyone for the national administration); otherwise only the organisation.
An API client is named by its application's name; the platform's own moves by "Convergence".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import Actor
from api.identity.models import ApiClient, UserAccount
from api.referentiel import Role
from api.structures.models import Structure

SYSTEME = "Convergence (automatique)"


class AuteurRef(BaseModel):
    """Who did it, for the screen."""

    nom: str | None = Field(description="The person's name, when the caller may know them.")
    organisation: str | None = Field(description="Their organisation.")
    libelle: str = Field(
        description="« Camille Démo (Ateliers de Belleville) », or the organisation alone."
    )


def may_know(actor: Actor, structure_id: uuid.UUID, territoire_id: uuid.UUID | None) -> bool:
    """May the caller read the name of a user of this organisation?"""
    if actor.role == Role.admin_national or structure_id == actor.structure_id:
        return True
    if structure_id in actor.chantier_ids:
        return True
    return territoire_id is not None and territoire_id in actor.territoire_ids


async def auteurs(
    session: AsyncSession, actor: Actor, refs: Iterable[tuple[str, uuid.UUID | None]]
) -> dict[tuple[str, uuid.UUID | None], AuteurRef]:
    """(actor_type, actor_id) → who, in two statements whatever the number of refs."""
    refs = set(refs)
    users = {i for kind, i in refs if kind == "user" and i is not None}
    clients = {i for kind, i in refs if kind == "client" and i is not None}
    found: dict[tuple[str, uuid.UUID | None], AuteurRef] = {}
    if users:
        rows = await session.execute(
            select(
                UserAccount.id,
                UserAccount.prenom,
                UserAccount.nom,
                UserAccount.structure_id,
                Structure.nom.label("organisation"),
                Structure.territoire_id,
            )
            .join(Structure, Structure.id == UserAccount.structure_id)
            .where(UserAccount.id.in_(users))
        )
        for r in rows:
            nom = (
                f"{r.prenom} {r.nom}".strip()
                if may_know(actor, r.structure_id, r.territoire_id)
                else None
            )
            found[("user", r.id)] = AuteurRef(
                nom=nom,
                organisation=r.organisation,
                libelle=f"{nom} ({r.organisation})" if nom else r.organisation,
            )
    if clients:
        rows = await session.execute(
            select(ApiClient.id, ApiClient.nom, Structure.nom.label("organisation"))
            .join(Structure, Structure.id == ApiClient.structure_id)
            .where(ApiClient.id.in_(clients))
        )
        for r in rows:
            found[("client", r.id)] = AuteurRef(
                nom=r.nom, organisation=r.organisation, libelle=f"{r.nom} ({r.organisation})"
            )
    for kind, i in refs:
        if (kind, i) not in found:
            if kind == "anonyme":
                found[(kind, i)] = AuteurRef(
                    nom=None, organisation=None, libelle="Personne non connectée"
                )
            elif kind == "systeme" or i is None:
                found[(kind, i)] = AuteurRef(nom=None, organisation=SYSTEME, libelle=SYSTEME)
            else:
                found[(kind, i)] = AuteurRef(nom=None, organisation=None, libelle="Compte supprimé")
    return found
