"""`convergence indicateurs audit-secret`: the attacker's system, rebuilt for a masked role.

For every view a masked reader may ask (each exit year, each entry cohort), the grid of the
whole country is loaded and protected exactly as `GET /api/v1/indicateurs` does (same code,
same cache); the reader's system keeps the nodes its scope shows (a national role: every node;
a territorial one: its territoires and their chantiers), with the reasons the API gives. The
feasible interval of every sensitive cell is then computed (`secret.Attaque`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.permissions import NATIONAL_ROLES, Permission, roles_with
from api.indicateurs import service
from api.indicateurs.masquage import Node
from api.indicateurs.secret import LARGEUR, Attaque, Interval
from api.referentiel import GroupePar, Role
from api.statistiques.models import StatistiqueParcours as S

# The roles that read indicators without the exact figures (the permission table's).
MASKED_ROLES = tuple(
    r
    for r in Role
    if r in roles_with(Permission.indicateurs_read) - roles_with(Permission.indicateurs_exact)
)
# Those of them who read the whole country.
NATIONAL_MASKED = frozenset(MASKED_ROLES) & NATIONAL_ROLES


@dataclass
class Vue:
    """One view (exit year or entry cohort) as one reader sees it."""

    base: str  # "sorties" or "cohorte"
    annee: int
    intervals: list[Interval] = field(default_factory=list)
    hidden: int = 0
    cells: int = 0

    @property
    def narrow(self) -> list[Interval]:
        return [iv for iv in self.intervals if iv.width < LARGEUR]

    @property
    def narrowest(self) -> Interval | None:
        return min(self.intervals, key=lambda iv: iv.width, default=None)


def visible_nodes(
    parent: dict[Node, Node | None], role: Role | None, territoires: frozenset[uuid.UUID] | None
) -> set[Node] | None:
    """The nodes a reader of this role and these territoires is shown (None: all). The
    anonymous reader of the public pages (`role` None) is shown the national node only."""
    if role is None:
        return {service.NATIONAL}
    if role in NATIONAL_MASKED or territoires is None:
        return None
    seen: set[Node] = set()
    for node, up in parent.items():
        if node[0] == "T" and node[1] in territoires:
            seen.add(node)
        if node[0] == "C" and up is not None and up[1] in territoires:
            seen.add(node)
    return seen


async def _years(session: AsyncSession) -> tuple[list[int], list[int]]:
    sorties = (
        await session.scalars(select(S.annee_sortie).where(service.SORTIE).group_by(S.annee_sortie))
    ).all()
    cohortes = (await session.scalars(select(S.annee_entree).group_by(S.annee_entree))).all()
    return sorted(y for y in sorties if y is not None), sorted(y for y in cohortes if y)


async def audit(
    session: AsyncSession,
    role: Role | None,
    territoires: frozenset[uuid.UUID] | None = None,
    exact: bool = False,
    only: Iterable[tuple[str, int]] | None = None,
) -> list[Vue]:
    """The sensitive cells' intervals in every view, for one masked reader (`role` None: the
    anonymous reader of the public pages, who sees national figures only)."""
    national = service.Scope(True, service.NATIONAL, None, None)
    sorties, cohortes = await _years(session)
    wanted = [("sorties", y) for y in sorties] + [("cohorte", y) for y in cohortes]
    if only is not None:
        keep = set(only)
        wanted = [w for w in wanted if w in keep]
    vues = []
    for base, year in wanted:
        if base == "sorties":
            q = service.Demande(groupe_par=GroupePar.annee)
            known = service.KNOWN_EXITS
        else:
            q = service.Demande(cohorte_entree=year)
            known = frozenset()
        values = await service._load(session, q, national, by_year=base == "sorties")
        per = values.data.get(year if base == "sorties" else None)
        vue = Vue(base, year)
        if per:
            masked = service._protect(per, values.parent, known)
            grid = service._grid(per, values.parent, known)
            attaque = Attaque(grid, masked, visible_nodes(grid.parent, role, territoires))
            vue.intervals = attaque.intervals(exact=exact)
            vue.hidden = len([c for c in masked if not c[1].startswith("~")])
            vue.cells = len([c for c in attaque.universe() if not c[1].startswith("~")])
        vues.append(vue)
    return vues


__all__ = ["MASKED_ROLES", "Vue", "audit", "visible_nodes"]
