"""Small-cell protection: primary and complementary suppression over one grid.

The grid holds, for one year, every count of every node of the hierarchy
(national > territoire > chantier). Counts are tied by two kinds of sums:
- across the hierarchy: a parent node's count is the sum of its children's;
- within a node: a count is the sum of its parts (sorties = dynamiques + autres,
  a share's numerator plus its complement = its denominator, ...).

Primary suppression hides every count from 1 to the threshold. Complementary
suppression then makes sure that no sum has exactly one hidden term while the
sum itself is shown (otherwise the hidden term is the sum minus the others):
it hides the smallest other term, or the sum when no other term can be hidden.
The grid is the same whatever the query (the whole country for the year), so a
cell is hidden or shown the same way in every answer: two overlapping queries
cannot be subtracted to reveal it.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from api.referentiel import SEUIL_SECRET

SEUIL = SEUIL_SECRET  # counts from 1 to SEUIL - 1 are hidden

Node = tuple[Any, ...]
Cell = tuple[Node, str]


@dataclass
class Grid:
    """Counts by node and measure, the node tree, and the sums within a node."""

    values: dict[Node, dict[str, int]]
    parent: dict[Node, Node | None]
    # (total measure, [part measures]) that hold at every node
    sums: list[tuple[str, list[str]]]
    masked: set[Cell] = field(default_factory=set)
    # unpublished measures a reader knows all the same (their value, by the view's definition)
    known: frozenset[str] = frozenset()

    def value(self, cell: Cell) -> int:
        return self.values.get(cell[0], {}).get(cell[1], 0)


def _sum_groups(grid: Grid) -> Iterable[tuple[Cell, list[Cell]]]:
    children: dict[Node, list[Node]] = defaultdict(list)
    for node, up in grid.parent.items():
        if up is not None:
            children[up].append(node)
    measures = sorted({m for per in grid.values.values() for m in per})
    for up, nodes in children.items():
        for m in measures:
            yield (up, m), [(n, m) for n in nodes]
    for node in grid.values:
        for total, parts in grid.sums:
            yield (node, total), [(node, p) for p in parts]


def complete(grid: Grid, masked: set[Cell], seuil: int = SEUIL) -> set[Cell]:
    """Hide more cells until no hidden cell can be recomputed by one subtraction.

    A sum with exactly one hidden term gives it away (it equals the total minus the shown
    parts, or the sum of the parts when the total is the one hidden): someone subtracting
    published figures can only start from such a sum, so when there is none, no hidden
    cell can be recomputed by differences. Each round repairs the first such sum in the
    order of `_sum_groups`; a heap of the sums that have exactly one hidden term, kept up
    to date as cells are hidden, finds it without rescanning every sum (a national grid
    has tens of thousands).
    """
    masked = set(masked)
    groups = [[total, *parts] for total, parts in _sum_groups(grid)]
    hidden = [0] * len(groups)  # hidden terms per sum
    where: dict[Cell, list[int]] = defaultdict(list)  # the sums a cell is a term of
    for index, terms in enumerate(groups):
        for cell in terms:
            where[cell].append(index)
            hidden[index] += cell in masked
    leaks = [index for index, n in enumerate(hidden) if n == 1]
    heapq.heapify(leaks)

    def hide(cell: Cell) -> None:
        masked.add(cell)
        for index in where[cell]:
            hidden[index] += 1
            if hidden[index] == 1:
                heapq.heappush(leaks, index)

    while leaks:
        index = heapq.heappop(leaks)
        if hidden[index] != 1:
            continue  # repaired since it was queued
        total, parts = groups[index][0], groups[index][1:]
        candidates = [c for c in parts if c not in masked]
        # Prefer the smallest non-zero term (it costs the least information), then the total.
        candidates.sort(key=lambda c: (grid.value(c) == 0, grid.value(c)))
        nonzero = [c for c in candidates if grid.value(c) != 0]
        if nonzero:
            hide(nonzero[0])
        elif total not in masked:
            hide(total)
        else:
            hide(candidates[0])
    return masked
