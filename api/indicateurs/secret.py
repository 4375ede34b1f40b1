"""The attacker's model of the published indicators, and the bounds it puts on each cell.

Everything a masked reader can obtain from one grid (the counts of one exit year, or of one
entry cohort, for every node national > territoire > chantier) is one system of linear
equalities and inequalities over non-negative integers:

- every sum that ties the counts (a parent node is the sum of its children, a count is the sum
  of its parts within a node: see `masquage._sum_groups`), and every indicator's numerator is
  at most its denominator (`definitions.DEFINITIONS`);
- every shown count, with its value;
- what the reason of a hidden count discloses: a count shown "< 11" (`petit_effectif`, given
  to every hidden count below the threshold, zeros included) is from 0 to 10; a count
  "masqué" (`complementaire`) is at least 11;
- a count that is never published (the complements "~..." of the sums, the nodes out of the
  reader's scope) is only known to be a non-negative integer, except the ones the view pins by
  definition (`Grid.known`: in the exit-year view the population is the exits, so
  effectif = sorties);
- every count is at most `cap(grid)`: twice the largest count of the grid, plus the threshold.
  The real reader has no such bound (a count hidden "masqué" is only known to be 11 or more);
  the solver needs a finite one, and any bound above every true count only removes solutions,
  so the intervals found are inside the reader's (on the safe side). It is loose on purpose:
  with the largest count itself as the bound (the first version), a part hidden "masqué" under
  a total that is the largest count pinned the complement to [0, total - 11] whatever else was
  hidden, and `widen` could not protect it (docs/indicateurs.md, generated data).

For every sensitive cell (a true count from 1 to 10 that is not shown), the smallest and the
largest value of that cell over the integer solutions of the system is its feasible interval.
`Attaque.intervals` computes them with HiGHS on the integer program: the LP relaxation is
solved first, and its optimum is kept only when it is integral (it is then the integer optimum
too, since the relaxation bounds it); otherwise the branch-and-bound solves it.

A pool of integer solutions (the true counts are one) certifies cheaply that an interval is wide
enough: two solutions whose values of a cell are far apart prove the interval at least that wide.
Only the cells the pool does not clear need their own solves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import highspy
import numpy as np
from highspy._core import _Highs

from api.indicateurs.definitions import DEFINITIONS
from api.indicateurs.masquage import SEUIL, Cell, Grid, Node, _sum_groups, complete

LARGEUR = 5
"""The protection rule: a sensitive cell's feasible interval holds at least LARGEUR values
(max - min >= LARGEUR - 1). See docs/indicateurs.md."""

INF = highspy.kHighsInf
Row = tuple[dict[int, float], float, float]


def cap(grid: Grid, seuil: int = SEUIL) -> int:
    """The upper bound of every count in the attacker's system (see the module's docstring)."""
    largest = max([v for per in grid.values.values() for v in per.values()] + [0])
    return 2 * largest + seuil


def relations() -> list[tuple[str, str]]:
    """(numerator, denominator) of every indicator: the numerator is at most the denominator."""
    return [(str(d.code), str(d.denominateur)) for d in DEFINITIONS if d.denominateur]


def published(measure: str) -> bool:
    """Is this measure shown to a reader (the complements `~x` of the sums never are)?"""
    return not measure.startswith("~")


@dataclass
class Interval:
    cell: Cell
    value: int
    low: int
    high: int
    exact: bool  # both bounds solved; otherwise [low, high] lies inside the true interval

    @property
    def width(self) -> int:
        return self.high - self.low + 1


def _highs() -> _Highs:
    """A silent solver. `highspy.Highs()` registers its callbacks as it is created, and that
    first call prints HiGHS's banner on stdout before any option can be set; the bare solver
    has every method used here, and is silenced before it does anything."""
    h = _Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    return h


def _add_row(h: _Highs, lo: float, hi: float, terms: dict[int, float]) -> None:
    idx = np.array(list(terms), dtype=np.int32)
    h.addRow(lo, hi, len(idx), idx, np.array(list(terms.values()), dtype=float))


class Attaque:
    """The attacker's system for one grid, given the hidden cells and the visible nodes."""

    def __init__(
        self,
        grid: Grid,
        masked: set[Cell],
        visible: set[Node] | None = None,
        seuil: int = SEUIL,
        largeur: int = LARGEUR,
        old_reasons: bool = False,
    ) -> None:
        self.grid, self.masked, self.visible = grid, masked, visible
        # The reasons before this model: "< 11" only for 1 to 10, "masqué" for 0 too (so
        # "< 11" told a reader that the count was at least 1).
        self.old_reasons = old_reasons
        self.seuil, self.largeur = seuil, largeur
        self.solves = [0, 0]  # integral LP optima, branch-and-bound runs
        universe = self.universe()
        self.top = cap(grid, seuil)
        self.cells = [c for c in universe if not self.shown(c) and not self.known(c)]
        self.index = {c: i for i, c in enumerate(self.cells)}
        self.n = n = len(self.cells)
        self.lower, self.upper = np.zeros(n), np.zeros(n)
        for i, c in enumerate(self.cells):
            self.lower[i], self.upper[i] = self.domain(c)
        self.rows = self.system(self.index)
        self.mip = self._solver(integer=True)
        self.lp = self._solver(integer=False)

    # --- the cells -----------------------------------------------------------------------

    def universe(self) -> list[Cell]:
        measures = sorted({m for per in self.grid.values.values() for m in per})
        return [(node, m) for node in self.grid.values for m in measures]

    def seen(self, node: Node) -> bool:
        return self.visible is None or node in self.visible

    def shown(self, cell: Cell) -> bool:
        return self.seen(cell[0]) and published(cell[1]) and cell not in self.masked

    def known(self, cell: Cell) -> bool:
        return cell[1] in self.grid.known

    def reason(self, cell: Cell) -> str | None:
        """What the reader is told of a hidden cell: "< 11" or "masqué" (None: nothing)."""
        if not self.seen(cell[0]) or not published(cell[1]) or cell not in self.masked:
            return None
        lowest = 1 if self.old_reasons else 0
        small = lowest <= self.grid.value(cell) < self.seuil
        return "petit_effectif" if small else "complementaire"

    def domain(self, cell: Cell) -> tuple[float, float]:
        reason = self.reason(cell)
        if reason == "petit_effectif":
            return (1.0 if self.old_reasons else 0.0), float(self.seuil - 1)
        if reason == "complementaire":
            return (0.0 if self.old_reasons else float(self.seuil)), float(self.top)
        return 0.0, float(self.top)

    def sensitive(self) -> list[Cell]:
        """Small counts the reader does not see."""
        return [c for c in self.cells if 0 < self.grid.value(c) < self.seuil]

    # --- the system ----------------------------------------------------------------------

    def system(self, index: dict[Cell, int]) -> list[Row]:
        """Every sum and relation over the cells of `index`, the others moved to the right."""
        rows: list[Row] = []

        def add(terms: list[tuple[Cell, float]], equal: bool) -> None:
            coefs: dict[int, float] = defaultdict(float)
            constant = 0.0
            for cell, coef in terms:
                i = index.get(cell)
                if i is None:
                    constant += coef * self.grid.value(cell)
                else:
                    coefs[i] += coef
            coefs = {i: c for i, c in coefs.items() if c != 0.0}
            if coefs:
                rows.append((coefs, -constant, -constant if equal else INF))

        for total, parts in _sum_groups(self.grid):
            add([(total, 1.0)] + [(p, -1.0) for p in parts], equal=True)
        measures = {m for per in self.grid.values.values() for m in per}
        pairs = [(n, d) for n, d in relations() if n in measures and d in measures]
        for node in self.grid.values:
            for num, den in pairs:
                add([((node, den), 1.0), ((node, num), -1.0)], equal=False)
        return rows

    def _solver(self, integer: bool) -> _Highs:
        h = _highs()
        h.setOptionValue("mip_rel_gap", 0.0)
        h.setOptionValue("mip_abs_gap", 0.5)
        if self.n:
            h.addVars(self.n, self.lower, self.upper)
            if integer:
                h.changeColsIntegrality(
                    self.n,
                    np.arange(self.n, dtype=np.int32),
                    np.array([highspy.HighsVarType.kInteger] * self.n),
                )
        for coefs, lo, hi in self.rows:
            _add_row(h, lo, hi, coefs)
        return h

    # --- solving -------------------------------------------------------------------------

    def truth(self) -> np.ndarray:
        return np.array([self.grid.value(c) for c in self.cells], dtype=float)

    def optimize(self, costs: dict[int, float], maximize: bool) -> np.ndarray | None:
        """An optimal integer solution for the objective (None when the solver cannot prove
        one: the caller then keeps the bound it has, which only errs on the safe side)."""
        x = self._run(self.lp, costs, maximize)
        if x is not None and bool(np.all(np.abs(x - np.rint(x)) < 1e-6)):
            self.solves[0] += 1
            return np.asarray(np.rint(x), dtype=float)
        self.solves[1] += 1
        x = self._run(self.mip, costs, maximize)
        return None if x is None else np.asarray(np.rint(x), dtype=float)

    def _run(self, h: _Highs, costs: dict[int, float], maximize: bool) -> np.ndarray | None:
        n = self.n
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.zeros(n))
        idx = np.array(list(costs), dtype=np.int32)
        h.changeColsCost(len(idx), idx, np.array(list(costs.values()), dtype=float))
        sense = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
        h.changeObjectiveSense(sense)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return np.array(h.getSolution().col_value)

    def intervals(self, cells: Iterable[Cell] | None = None, exact: bool = False) -> list[Interval]:
        """The feasible interval of every sensitive cell (or of `cells`).

        exact=False stops as soon as the pool of solutions proves an interval at least
        `largeur` wide (its bounds are then inner bounds, marked exact=False); a cell the pool
        does not clear gets its exact minimum and maximum.
        """
        wanted = [c for c in (cells if cells is not None else self.sensitive()) if c in self.index]
        if not wanted:
            return []
        ids = [self.index[c] for c in wanted]
        truth = self.truth()
        low = {i: int(truth[i]) for i in ids}
        high = dict(low)

        def absorb(x: np.ndarray | None) -> None:
            if x is not None:
                for i in ids:
                    v = int(x[i])
                    low[i], high[i] = min(low[i], v), max(high[i], v)

        def cleared(i: int) -> bool:
            return high[i] - low[i] + 1 >= self.largeur

        if not exact:
            # Push the open cells up together, then down, then half each way: one solution
            # clears many cells; stop when a round clears too few.
            rng = np.random.default_rng(0)
            for k in range(12):
                open_ = [i for i in ids if not cleared(i)]
                if not open_:
                    break
                if k % 3 == 2:
                    signs = rng.choice([-1.0, 1.0], size=len(open_))
                    absorb(self.optimize(dict(zip(open_, signs, strict=True)), True))
                else:
                    absorb(self.optimize({i: 1.0 for i in open_}, k % 3 == 0))
                if k >= 3 and len([i for i in open_ if not cleared(i)]) > 0.95 * len(open_):
                    break
        solved: dict[int, list[bool]] = {i: [False, False] for i in ids}
        for i in ids:
            for k, maximize in enumerate((False, True)):
                if not exact and cleared(i):
                    break
                x = self.optimize({i: 1.0}, maximize)
                if x is not None:
                    absorb(x)
                    solved[i][k] = True
        return [
            Interval(self.cells[i], int(truth[i]), low[i], high[i], all(solved[i])) for i in ids
        ]

    def narrow(self, exact: bool = False) -> list[Interval]:
        return [iv for iv in self.intervals(exact=exact) if iv.width < self.largeur]


def _cost(grid: Grid, cell: Cell) -> float:
    """What hiding a shown cell costs: one cell, a little more for a bigger count, more for a
    territoire's and most for a national figure (the last ones to hide)."""
    level = {"C": 1.0, "T": 2.0}.get(cell[0][0], 4.0)
    v = grid.value(cell)
    return level * (1.0 + v / (1.0 + v))


class Release:
    """The cheapest set of shown cells to hide so that a sensitive cell can reach a target
    value: an integer program over every cell of the grid, where a shown cell may leave its
    value only if it is hidden (z = 1), and then takes any value its reason allows."""

    def __init__(self, attaque: Attaque) -> None:
        a = attaque
        grid = a.grid
        self.cells = [c for c in a.universe() if not a.known(c)]
        self.index = {c: i for i, c in enumerate(self.cells)}
        n = len(self.cells)
        lower, upper = np.zeros(n), np.zeros(n)
        shown = [i for i, c in enumerate(self.cells) if a.shown(c)]
        for i, c in enumerate(self.cells):
            if a.shown(c):  # hidden, it would be told "< 11" or "masqué"
                small = grid.value(c) < a.seuil
                lower[i] = 0.0 if small else float(a.seuil)
                upper[i] = float(a.seuil - 1) if small else float(a.top)
            else:
                lower[i], upper[i] = a.domain(c)
        h = _highs()
        h.setOptionValue("mip_rel_gap", 0.05)
        h.setOptionValue("time_limit", 30.0)
        h.addVars(n, lower, upper)
        h.addVars(len(shown), np.zeros(len(shown)), np.ones(len(shown)))
        total = n + len(shown)
        h.changeColsIntegrality(
            total,
            np.arange(total, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * total),
        )
        self.z: dict[int, int] = {}
        costs = np.zeros(len(shown))
        for k, i in enumerate(shown):
            z = n + k
            self.z[i] = z
            v = float(grid.value(self.cells[i]))
            # x <= v + (upper - v) z and x >= v - (v - lower) z: v unless hidden.
            _add_row(h, -INF, v, {i: 1.0, z: -(upper[i] - v)})
            _add_row(h, v, INF, {i: 1.0, z: v - lower[i]})
            costs[k] = _cost(grid, self.cells[i])
        for coefs, lo, hi in a.system(self.index):
            _add_row(h, lo, hi, coefs)
        h.changeColsCost(len(shown), np.arange(n, total, dtype=np.int32), costs)
        self.lower, self.upper, self.h = lower, upper, h

    def release(self, cell: Cell, target: int, up: bool) -> tuple[set[Cell], np.ndarray] | None:
        """Shown cells to hide so that `cell` may be `target` (at least / at most), with the
        solution that proves it; None when no set of cells does."""
        i = self.index[cell]
        h = self.h
        lo, hi = self.lower[i], self.upper[i]
        h.changeColBounds(i, float(target), hi) if up else h.changeColBounds(i, lo, float(target))
        h.run()
        status = h.getModelStatus()
        h.changeColBounds(i, lo, hi)
        ok = (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit)
        solution = h.getSolution()
        if status not in ok or not solution.value_valid:
            return None
        x = np.rint(np.array(solution.col_value))
        freed = {self.cells[j] for j, z in self.z.items() if x[z] > 0.5}
        for z in self.z.values():
            if x[z] > 0.5:
                h.changeColCost(z, 0.0)  # hidden now: free for the next cells
        return freed, x[: len(self.cells)]


def widen(
    grid: Grid, masked: set[Cell], seuil: int = SEUIL, largeur: int = LARGEUR, rounds: int = 30
) -> set[Cell]:
    """Hide more cells until every sensitive cell's feasible interval holds `largeur` values.

    Each round audits the cells still open (hiding more only widens intervals, so a cell found
    wide stays wide), then, for each narrow one, asks `Release` for the cheapest set of shown
    cells whose hiding lets it reach `largeur - 1` away from its current bound; the solution
    that proves it joins a pool of solutions that clears the next cells without a solve.
    """
    masked = set(masked)
    open_: list[Cell] | None = None
    for _ in range(rounds):
        attaque = Attaque(grid, masked, seuil=seuil, largeur=largeur)
        narrow = [iv for iv in attaque.intervals(open_) if iv.width < largeur]
        if not narrow:
            return masked
        release = Release(attaque)
        pool: list[np.ndarray] = []
        freed: set[Cell] = set()
        for iv in narrow:
            j = release.index[iv.cell]
            low = min([iv.low] + [int(x[j]) for x in pool])
            high = max([iv.high] + [int(x[j]) for x in pool])
            if high - low + 1 >= largeur:
                continue
            floor, cap = attaque.domain(iv.cell)
            tries = [(low + largeur - 1, True), (high - largeur + 1, False)]
            for target, up in tries:
                if not floor <= target <= cap:
                    continue
                found = release.release(iv.cell, target, up)
                if found is not None:
                    freed |= found[0]
                    pool.append(found[1])
                    break
        if not freed:
            break  # nothing more to hide helps: the audit reports what remains
        masked = complete(grid, masked | freed, seuil)
        open_ = [iv.cell for iv in narrow]
    return masked


def protect(grid: Grid, seuil: int = SEUIL) -> set[Cell]:
    """Hide small counts, then hide more until no small count can be narrowed down.

    First no hidden cell can be recomputed by one subtraction (`complete`), then
    `widen` hides more, chosen with an exact solver, until the attacker's system
    (docs/indicateurs.md) leaves every small count an interval of at least
    `LARGEUR` values.
    """
    primary = {
        (node, m) for node, per in grid.values.items() for m, v in per.items() if 0 < v < seuil
    }
    masked = widen(grid, complete(grid, primary, seuil), seuil)
    grid.masked = masked
    return masked
