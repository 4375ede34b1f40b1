"""Indicators computed by SQL aggregates over the statistical records.

A request costs a fixed number of statements whatever the number of parcours: one
grid of counts by (year,) territoire and chantier, one of exit motifs, one of
orientations, and two for the medians. Territoire and national figures are sums of
the grid's rows. Roles without nominative access get the grid of the whole country
for the year, protected by `masquage.protect`, then only the cells of their scope.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import InvalidField, NotFound
from api.core.permissions import Permission
from api.indicateurs.definitions import BROCHURE, DEFINITIONS
from api.indicateurs.masquage import SEUIL, Grid, Node
from api.indicateurs.schemas import (
    Cellule,
    DomaineCompte,
    Indicateur,
    IndicateursOut,
    MotifCompte,
    Perimetre,
)
from api.indicateurs.secret import protect
from api.referentiel import (
    CATEGORIE_DU_MOTIF,
    BaseCalcul,
    CategorieSortie,
    CodeIndicateur,
    Domaine,
    GroupePar,
    Masquage,
    MotifSortie,
    Role,
    TypeCellule,
    TypeStructure,
)
from api.statistiques.models import StatistiqueOrientation, StatistiqueParcours
from api.structures.models import Structure
from api.territoires.models import Territoire

S = StatistiqueParcours
SO = StatistiqueOrientation
C = CodeIndicateur

JOURS_PAR_MOIS = 30.4375

COUNTED = [c for c in CategorieSortie if c != CategorieSortie.retrait]
MOTIFS = [m for m in MotifSortie if CATEGORIE_DU_MOTIF[m] != CategorieSortie.retrait]
NATIONAL: Node = ("N",)
DYNAMIQUES = [
    CategorieSortie.emploi_durable.value,
    CategorieSortie.emploi_transition.value,
    CategorieSortie.sortie_positive.value,
]


def _sums() -> list[tuple[str, list[str]]]:
    """Every sum that ties the published counts within a node (see masquage)."""
    sums: list[tuple[str, list[str]]] = [
        (C.effectif, [C.public_rue, "~public_rue"]),
        (C.effectif, [C.sorties, "~sorties"]),
        (C.sorties, [C.sorties_dynamiques, C.autre_sortie]),
        (C.sorties_dynamiques, [C.emploi_durable, C.emploi_transition, C.sortie_positive]),
        (C.orientations, [f"domaine:{d}" for d in Domaine]),
        (C.orientations, [C.orientations_repondues, "~orientations_repondues"]),
        (C.orientations_repondues, [C.orientations_acceptees, "~orientations_acceptees"]),
    ]
    for categorie in COUNTED:
        motifs = [f"motif:{m}" for m in MOTIFS if CATEGORIE_DU_MOTIF[m] == categorie]
        sums.append((categorie.value, motifs))
    for code in (C.en_logement, C.logement_ameliore, C.sante_amelioree, C.droits_accrus):
        sums.append((C.sorties, [code, f"~{code}"]))
    for n in (6, 12):
        prevus, tenus = f"suivi{n}_prevus", f"suivi{n}_tenus"
        sums.append((C.sorties, [prevus, f"~{prevus}"]))
        sums.append((prevus, [tenus, f"~{tenus}"]))
        sums.append((tenus, [f"suivi{n}_emploi", f"~suivi{n}_emploi"]))
        sums.append((tenus, [f"suivi{n}_logement", f"~suivi{n}_logement"]))
    return [(str(total), [str(p) for p in parts]) for total, parts in sums]


SUMS = _sums()


@dataclass(frozen=True)
class Demande:
    territoire: uuid.UUID | None = None
    chantier: uuid.UUID | None = None
    periode_sortie_debut: date | None = None
    periode_sortie_fin: date | None = None
    cohorte_entree: int | None = None
    groupe_par: GroupePar | None = None

    @property
    def base(self) -> BaseCalcul:
        return BaseCalcul.cohorte if self.cohorte_entree is not None else BaseCalcul.sorties


@dataclass
class Scope:
    masked: bool
    node: Node | None  # the node the total describes (None: several, hidden when masked)
    territoires: frozenset[uuid.UUID] | None  # visible territoires (None: all)
    chantiers: frozenset[uuid.UUID] | None  # visible chantiers (None: all of the territoires)


def _validate(actor: Actor, q: Demande) -> None:
    period = q.periode_sortie_debut is not None or q.periode_sortie_fin is not None
    if q.cohorte_entree is not None and period:
        raise InvalidField(
            "cohorte_entree",
            "Choisissez une période de sortie ou une cohorte d'entrée, pas les deux.",
        )
    if q.cohorte_entree is not None and q.groupe_par == GroupePar.annee:
        raise InvalidField(
            "groupe_par", "Le regroupement par année s'applique aux sorties, pas à une cohorte."
        )
    debut, fin = q.periode_sortie_debut, q.periode_sortie_fin
    if debut and fin and debut > fin:
        raise InvalidField("periode_sortie_fin", "La fin de période précède son début.")
    if actor.can(Permission.indicateurs_exact) or q.cohorte_entree is not None:
        return
    if period:
        whole_year = (
            debut is not None
            and fin is not None
            and (debut.month, debut.day) == (1, 1)
            and (fin.month, fin.day) == (12, 31)
            and debut.year == fin.year
        )
        if not whole_year:
            raise InvalidField(
                "periode_sortie_debut",
                "Sous secret statistique, la période est une année civile entière "
                "(du 1er janvier au 31 décembre de la même année).",
            )
    elif q.groupe_par != GroupePar.annee:
        raise InvalidField(
            "periode_sortie_debut",
            "Sous secret statistique, précisez une année : une période du 1er janvier au "
            "31 décembre, une cohorte d'entrée, ou un regroupement par année.",
        )


async def _scope(session: AsyncSession, actor: Actor, q: Demande) -> Scope:
    masked = not actor.can(Permission.indicateurs_exact)
    national = actor.national
    territoires: frozenset[uuid.UUID] | None = None if national else actor.territoire_ids
    chantiers: frozenset[uuid.UUID] | None = None
    if actor.role == Role.direction_chantier:
        territoires, chantiers = None, actor.chantier_ids
    node: Node | None = NATIONAL if national else None
    if not national and territoires is not None and len(territoires) == 1:
        node = ("T", next(iter(territoires)))
    if chantiers is not None and len(chantiers) == 1:
        node = ("C", next(iter(chantiers)))
    if q.territoire is not None:
        found = await session.get(Territoire, q.territoire)
        if found is None or (territoires is not None and q.territoire not in territoires):
            raise NotFound("Territoire introuvable dans votre périmètre.")
        if chantiers is not None:
            raise NotFound("Territoire introuvable dans votre périmètre.")
        territoires, node = frozenset({q.territoire}), ("T", q.territoire)
    if q.chantier is not None:
        chantier = await session.get(Structure, q.chantier)
        if (
            chantier is None
            or chantier.type != TypeStructure.chantier
            or (territoires is not None and chantier.territoire_id not in territoires)
            or (chantiers is not None and q.chantier not in chantiers)
        ):
            raise NotFound("Chantier introuvable dans votre périmètre.")
        chantiers, node = frozenset({q.chantier}), ("C", q.chantier)
    return Scope(masked, node, territoires, chantiers)


SORTIE = and_(S.categorie_sortie.is_not(None), S.categorie_sortie != CategorieSortie.retrait.value)


def _population(q: Demande, masked: bool) -> list[ColumnElement[bool]]:
    if q.cohorte_entree is not None:
        return [S.annee_entree == q.cohorte_entree]
    # Exits in a period: the counted ones (retraits are not counted, anywhere).
    where: list[ColumnElement[bool]] = [S.annee_sortie.is_not(None), SORTIE]
    debut, fin = q.periode_sortie_debut, q.periode_sortie_fin
    if masked and debut is not None:
        where.append(S.annee_sortie == debut.year)  # a whole calendar year (validated)
        return where
    if debut is not None:
        where.append(S.mois_sortie >= debut.replace(day=1))
    if fin is not None:
        where.append(S.mois_sortie <= fin)
    return where


def _geo(scope: Scope) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if scope.territoires is not None:
        where.append(S.territoire_id.in_(scope.territoires))
    if scope.chantiers is not None:
        where.append(S.chantier_id.in_(scope.chantiers))
    return where


def _count(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _grid_columns(today: date) -> list[Any]:
    current = today.replace(day=1)
    cols: list[Any] = [
        func.count().label(C.effectif),
        _count(S.parcours_de_rue.is_(True)).label(C.public_rue),
        _count(SORTIE).label(C.sorties),
        _count(S.categorie_sortie.in_(DYNAMIQUES)).label(C.sorties_dynamiques),
    ]
    cols += [_count(S.categorie_sortie == c.value).label(c.value) for c in COUNTED]
    for code, column in (
        (C.en_logement, S.en_logement_sortie),
        (C.logement_ameliore, S.logement_ameliore),
        (C.sante_amelioree, S.sante_amelioree),
        (C.droits_accrus, S.droits_accrus),
    ):
        cols.append(_count(and_(SORTIE, column.is_(True))).label(code))
    for n, prevu, tenu, emploi, logement in (
        (6, S.suivi6_prevu, S.suivi6_tenu, S.suivi6_emploi, S.suivi6_logement),
        (12, S.suivi12_prevu, S.suivi12_tenu, S.suivi12_emploi, S.suivi12_logement),
    ):
        due = and_(SORTIE, prevu.is_not(None), prevu <= current)
        cols += [
            _count(due).label(f"suivi{n}_prevus"),
            _count(and_(due, tenu.is_(True))).label(f"suivi{n}_tenus"),
            _count(and_(due, tenu.is_(True), emploi.is_(True))).label(f"suivi{n}_emploi"),
            _count(and_(due, tenu.is_(True), logement.is_(True))).label(f"suivi{n}_logement"),
        ]
    cols.append(
        func.coalesce(func.sum(case((SORTIE, S.duree_jours), else_=0)), 0).label("duree_jours")
    )
    return cols


EXTRAS = ("duree_jours", "delai_heures", "delai_nombre")


class _Values:
    """Counts (and sums for the means) by (year key, node)."""

    def __init__(self) -> None:
        self.data: dict[Any, dict[Node, dict[str, float]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(float))
        )
        self.parent: dict[Node, Node | None] = {NATIONAL: None}

    def add(
        self, year: Any, territoire: uuid.UUID, chantier: uuid.UUID, key: str, v: float
    ) -> None:
        c, t = ("C", chantier), ("T", territoire)
        self.parent[c], self.parent[t] = t, NATIONAL
        for node in (c, t, NATIONAL):
            self.data[year][node][key] += v


async def _load(session: AsyncSession, q: Demande, scope: Scope, by_year: bool) -> _Values:
    where = _population(q, scope.masked) + ([] if scope.masked else _geo(scope))
    keys: list[Any] = [S.territoire_id, S.chantier_id]
    if by_year:
        keys.insert(0, S.annee_sortie)

    def split(row: Any) -> tuple[Any, uuid.UUID, uuid.UUID, tuple[Any, ...]]:
        if by_year:
            return row[0], row[1], row[2], tuple(row[3:])
        return None, row[0], row[1], tuple(row[2:])

    values = _Values()
    columns = _grid_columns(utcnow().date())
    names = [str(c.name) for c in columns]
    grid = await session.execute(select(*keys, *columns).where(*where).group_by(*keys))
    for row in grid:
        y, t, c, rest = split(row)
        for key, v in zip(names, rest, strict=True):
            values.add(y, t, c, key, v or 0)
    motifs = await session.execute(
        select(*keys, S.motif_sortie, func.count())
        .where(*where, SORTIE)
        .group_by(*keys, S.motif_sortie)
    )
    for row in motifs:
        y, t, c, (motif, n) = split(row)
        values.add(y, t, c, f"motif:{motif}", n)
    orientations = await session.execute(
        select(
            *keys,
            SO.domaine,
            func.count(),
            _count(SO.repondue.is_(True)),
            _count(SO.acceptee.is_(True)),
            func.coalesce(func.sum(SO.delai_reponse_heures), 0),
            func.count(SO.delai_reponse_heures),
        )
        .join(SO, SO.parcours_id == S.parcours_id)
        .where(*where)
        .group_by(*keys, SO.domaine)
    )
    for row in orientations:
        y, t, c, (domaine, n, repondues, acceptees, delai, delais) = split(row)
        values.add(y, t, c, f"domaine:{domaine}", n)
        values.add(y, t, c, C.orientations, n)
        values.add(y, t, c, C.orientations_repondues, repondues)
        values.add(y, t, c, C.orientations_acceptees, acceptees)
        values.add(y, t, c, "delai_heures", delai)
        values.add(y, t, c, "delai_nombre", delais)
    return values


# In the exit-year view the population is the exits: effectif = sorties, which every reader
# knows by definition (the complement "~sorties" is 0 everywhere).
KNOWN_EXITS = frozenset({"~sorties"})


def _grid(
    per_node: dict[Node, dict[str, float]],
    parent: dict[Node, Node | None],
    known: frozenset[str] = frozenset(),
) -> Grid:
    """The counts of one year (without the sums for the means), the complements of SUMS."""
    counts: dict[Node, dict[str, int]] = {}
    for node, per in per_node.items():
        row = {k: int(v) for k, v in per.items() if k not in EXTRAS}
        for total, parts in SUMS:
            for part in parts:
                if part.startswith("~"):
                    others = sum(row.get(p, 0) for p in parts if p != part)
                    row[part] = row.get(total, 0) - others
        counts[node] = row
    return Grid(counts, {n: parent.get(n) for n in counts}, SUMS, known=known)


def _keyed(
    per_node: dict[Node, dict[str, float]],
    parent: dict[Node, Node | None],
    known: frozenset[str],
) -> tuple[Grid, Any]:
    grid = _grid(per_node, parent, known)
    counts, tree = grid.values, grid.parent
    # The same grid always gives the same hidden cells: while the year's figures don't
    # move, every masked query of the year reuses them (the key is the whole grid, so any
    # changed count computes them afresh).
    key = (
        frozenset((node, frozenset(row.items())) for node, row in counts.items()),
        frozenset(tree.items()),
        known,
    )
    return grid, key


def _remember(key: Any, hidden: frozenset[Any]) -> None:
    _PROTECTED[key] = hidden
    while len(_PROTECTED) > _PROTECTED_SIZE:
        _PROTECTED.popitem(last=False)


def _protect(
    per_node: dict[Node, dict[str, float]],
    parent: dict[Node, Node | None],
    known: frozenset[str] = frozenset(),
) -> set[Any]:
    grid, key = _keyed(per_node, parent, known)
    hidden = _PROTECTED.get(key)
    if hidden is None:
        hidden = frozenset(protect(grid))
        _remember(key, hidden)
    else:
        _PROTECTED.move_to_end(key)
    return set(hidden)


async def _protect_in_thread(
    per_node: dict[Node, dict[str, float]],
    parent: dict[Node, Node | None],
    known: frozenset[str] = frozenset(),
) -> set[Any]:
    """`_protect`, the solver in a worker thread: the event loop keeps serving meanwhile."""
    grid, key = _keyed(per_node, parent, known)
    hidden = _PROTECTED.get(key)
    if hidden is None:
        hidden = frozenset(await asyncio.to_thread(protect, grid))
        _remember(key, hidden)
    else:
        _PROTECTED.move_to_end(key)
    return set(hidden)


# Hidden cells of the grids seen last (per process, least recently used out).
_PROTECTED: OrderedDict[Any, frozenset[Any]] = OrderedDict()
_PROTECTED_SIZE = 32


async def _medians(
    session: AsyncSession, q: Demande, scope: Scope, group: Any | None
) -> dict[Any, float]:
    where = _population(q, scope.masked) + _geo(scope) + [SORTIE, S.duree_jours.is_not(None)]
    if group is None:
        rank = func.row_number().over(order_by=S.duree_jours)
        size = func.count().over()
        key: Any = literal_column("0")
    else:
        rank = func.row_number().over(partition_by=group, order_by=S.duree_jours)
        size = func.count().over(partition_by=group)
        key = group
    ranked = (
        select(key.label("g"), S.duree_jours.label("d"), rank.label("rn"), size.label("n"))
        .where(*where)
        .subquery()
    )
    rows = await session.execute(
        select(ranked.c.g, func.avg(ranked.c.d))
        .where(ranked.c.rn.in_([(ranked.c.n + 1) / 2, (ranked.c.n + 2) / 2]))
        .group_by(ranked.c.g)
    )
    return {g: round(float(m) / JOURS_PAR_MOIS, 1) for g, m in rows}


def _cell(
    kind: TypeCellule,
    cle: str | None,
    libelle: str,
    values: dict[str, float] | None,
    masked: set[Any] | None,
    node: Node | None,
    median: float | None,
) -> Cellule:
    """One cell; `values` None means wholly hidden (a total no published sum covers)."""
    hidden_all = values is None
    v = values or {}

    def shown(key: str) -> int | None:
        if hidden_all or (masked is not None and (node, key) in masked):
            return None
        return int(v.get(key, 0))

    def why(key: str) -> Masquage | None:
        """Why a hidden count is hidden (None when shown): "< 11" for every hidden count below
        the threshold, zeros included (so "< 11" never tells a reader the count is at least
        1); "masqué" for a count of 11 or more hidden in complement."""
        if shown(key) is not None:
            return None
        return Masquage.petit_effectif if v.get(key, 0) < SEUIL else Masquage.complementaire

    indicateurs = []
    for d in DEFINITIONS:
        num = shown(d.code)
        den = shown(d.denominateur) if d.denominateur else None
        ratio = round(num / den, 4) if num is not None and den else None
        masque = num is None or (d.denominateur is not None and den is None)
        indicateurs.append(
            Indicateur(
                code=d.code,
                libelle=d.libelle,
                numerateur=num,
                denominateur=den,
                taux=ratio,
                masque=masque,
                masquage_numerateur=why(d.code),
                masquage_denominateur=why(d.denominateur) if d.denominateur else None,
            )
        )
    sorties = shown(C.sorties)
    repondues = shown(C.orientations_repondues)
    duree = v.get("duree_jours", 0) / sorties / JOURS_PAR_MOIS if sorties else None
    delais = v.get("delai_nombre", 0)
    delai = v.get("delai_heures", 0) / delais / 24 if repondues and delais else None
    return Cellule(
        type=kind,
        cle=cle,
        libelle=libelle,
        indicateurs=indicateurs,
        sorties_par_motif=[
            MotifCompte(
                motif=m,
                categorie=CATEGORIE_DU_MOTIF[m],
                nombre=shown(f"motif:{m}"),
                masque=shown(f"motif:{m}") is None,
                masquage=why(f"motif:{m}"),
            )
            for m in MOTIFS
        ],
        orientations_par_domaine=[
            DomaineCompte(
                domaine=d,
                nombre=shown(f"domaine:{d}"),
                masque=shown(f"domaine:{d}") is None,
                masquage=why(f"domaine:{d}"),
            )
            for d in Domaine
        ],
        duree_moyenne_mois=round(duree, 1) if duree is not None else None,
        duree_mediane_mois=median if sorties else None,
        delai_reponse_moyen_jours=round(delai, 1) if delai is not None else None,
    )


async def _names(session: AsyncSession, nodes: Iterable[Node]) -> dict[Node, str]:
    territoires = [n[1] for n in nodes if n[0] == "T"]
    chantiers = [n[1] for n in nodes if n[0] == "C"]
    names: dict[Node, str] = {NATIONAL: "National"}
    if territoires:
        for tid, nom in await session.execute(
            select(Territoire.id, Territoire.nom).where(Territoire.id.in_(territoires))
        ):
            names[("T", tid)] = nom
    if chantiers:
        for cid, nom in await session.execute(
            select(Structure.id, Structure.nom).where(Structure.id.in_(chantiers))
        ):
            names[("C", cid)] = nom
    return names


def _visible(scope: Scope, node: Node, parent: dict[Node, Node | None]) -> bool:
    if node[0] == "C":
        if scope.chantiers is not None and node[1] not in scope.chantiers:
            return False
        up = parent.get(node)
        return scope.territoires is None or (up is not None and up[1] in scope.territoires)
    if node[0] == "T":
        return scope.chantiers is None and (
            scope.territoires is None or node[1] in scope.territoires
        )
    return False


async def indicateurs(session: AsyncSession, actor: Actor, q: Demande) -> IndicateursOut:
    _validate(actor, q)
    scope = await _scope(session, actor, q)
    by_year = q.groupe_par == GroupePar.annee
    values = await _load(session, q, scope, by_year)
    masks: dict[Any, set[Any]] = {}
    if scope.masked:
        known = KNOWN_EXITS if q.cohorte_entree is None else frozenset()
        masks = {y: _protect(per, values.parent, known) for y, per in values.data.items()}
    # Exact figures: the grid is already cut to the scope, its national node is the total.
    total_node = scope.node if scope.masked else NATIONAL

    group_col = {
        GroupePar.territoire: S.territoire_id,
        GroupePar.chantier: S.chantier_id,
        GroupePar.annee: S.annee_sortie,
        None: None,
    }[q.groupe_par]
    median_scope = scope
    if scope.masked and scope.node is not None and scope.node[0] != "N":
        kind, ident = scope.node[0], scope.node[1]
        median_scope = Scope(
            True,
            scope.node,
            frozenset({ident}) if kind == "T" else scope.territoires,
            frozenset({ident}) if kind == "C" else scope.chantiers,
        )
    total_medians = await _medians(session, q, median_scope, None)
    group_medians = await _medians(session, q, median_scope, group_col) if group_col else {}

    # Total: over every year key (a single key unless grouped by year).
    if scope.masked and (by_year or total_node is None):
        total = _cell(TypeCellule.total, None, "Ensemble", None, None, None, None)
    else:
        merged: dict[str, float] = defaultdict(float)
        for per in values.data.values():
            for k, v in per.get(total_node, {}).items():  # type: ignore[arg-type]
                merged[k] += v
        year_key = next(iter(values.data), None)
        total = _cell(
            TypeCellule.total,
            None,
            "Ensemble",
            merged,
            masks.get(year_key) if scope.masked else None,
            total_node,
            total_medians.get(0),
        )

    groupes: list[Cellule] = []
    if q.groupe_par == GroupePar.annee:
        for year in sorted(k for k in values.data if k is not None):
            node = total_node
            per = values.data[year]
            hidden = node is None or node not in per
            groupes.append(
                _cell(
                    TypeCellule.annee,
                    str(year),
                    str(year),
                    None if hidden else per[node],  # type: ignore[index]
                    masks.get(year) if scope.masked else None,
                    node,
                    group_medians.get(year),
                )
            )
    elif q.groupe_par is not None:
        kind = "T" if q.groupe_par == GroupePar.territoire else "C"
        per = next(iter(values.data.values()), {})
        nodes = [
            n
            for n in per
            if n[0] == kind and (not scope.masked or _visible(scope, n, values.parent))
        ]
        if scope.masked and scope.node is not None and scope.node[0] == "T":
            nodes = [n for n in nodes if values.parent.get(n) == scope.node or n == scope.node]
        names = await _names(session, nodes)
        for node in sorted(nodes, key=lambda n: names.get(n, "")):
            groupes.append(
                _cell(
                    TypeCellule(q.groupe_par.value),
                    str(node[1]),
                    names.get(node, str(node[1])),
                    per[node],
                    masks.get(next(iter(values.data), None)) if scope.masked else None,
                    node,
                    group_medians.get(node[1]),
                )
            )
    return IndicateursOut(
        perimetre=Perimetre(
            base=q.base,
            territoire=q.territoire,
            chantier=q.chantier,
            periode_sortie_debut=q.periode_sortie_debut,
            periode_sortie_fin=q.periode_sortie_fin,
            cohorte_entree=q.cohorte_entree,
            groupe_par=q.groupe_par,
        ),
        masquage=scope.masked,
        total=total,
        groupes=groupes,
    )


async def national_anonyme(session: AsyncSession, q: Demande) -> Cellule:
    """The national cell as a reader without nominative access gets it (the public pages):
    the whole country's grid of the year or cohort, protected by `masquage.protect` with its
    complementary cells, then only the national total. `q` is a whole calendar year of exits
    or an entry cohort, as `_validate` asks of every masked reader."""
    if q.territoire is not None or q.chantier is not None or q.groupe_par is not None:
        raise ValueError("Les chiffres publics sont nationaux, sans regroupement.")
    if q.cohorte_entree is None:
        debut, fin = q.periode_sortie_debut, q.periode_sortie_fin
        whole_year = (
            debut is not None
            and fin is not None
            and debut == date(debut.year, 1, 1)
            and fin == date(debut.year, 12, 31)
        )
        if not whole_year:
            raise ValueError("Les chiffres publics portent sur une année civile entière.")
    scope = Scope(True, NATIONAL, None, None)
    values = await _load(session, q, scope, by_year=False)
    known = KNOWN_EXITS if q.cohorte_entree is None else frozenset()
    per = next(iter(values.data.values()), {})
    masks = await _protect_in_thread(per, values.parent, known) if per else set()
    return _cell(TypeCellule.total, None, "Ensemble", per.get(NATIONAL, {}), masks, NATIONAL, None)


async def cohortes(session: AsyncSession, jusqu_a: int, nombre: int) -> list[int]:
    """The `nombre` most recent entry years up to `jusqu_a` that have parcours, newest first."""
    rows = await session.scalars(
        select(S.annee_entree)
        .where(S.annee_entree <= jusqu_a)
        .group_by(S.annee_entree)
        .order_by(S.annee_entree.desc())
        .limit(nombre)
    )
    return list(rows)


async def brochure_sur(
    session: AsyncSession, q: Demande, population: ColumnElement[bool]
) -> list[Indicateur]:
    """The headline figures over a sub-population of the records (the evaluation dataset's),
    by the very columns and rules of `indicateurs`: one definition for both."""
    columns = _grid_columns(utcnow().date())
    where = [*_population(q, masked=False), population]
    row = (await session.execute(select(*columns).where(*where))).one()
    values = {str(c.name): float(v or 0) for c, v in zip(columns, row, strict=True)}
    cell = _cell(TypeCellule.total, None, "Ensemble", values, None, None, None)
    wanted = (C.effectif, C.sorties, *BROCHURE)
    by_code = {i.code: i for i in cell.indicateurs}
    return [by_code[code] for code in wanted]


__all__ = ["SEUIL", "Demande", "brochure_sur", "cohortes", "indicateurs", "national_anonyme"]
