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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

SEUIL = 11  # counts from 1 to SEUIL - 1 are hidden

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


def _leak(groups: list[tuple[Cell, list[Cell]]], masked: set[Cell]) -> list[Cell] | None:
    """The terms (total first) of a sum with exactly one hidden term, if any.

    Such a sum gives the hidden term away: it equals the total minus the shown parts,
    or the sum of the parts when the total is the one hidden. Someone subtracting
    published figures can only start from such a sum, so when there is none, no
    hidden cell can be recomputed by differences.
    """
    for total, parts in groups:
        terms = [total, *parts]
        if sum(1 for c in terms if c in masked) == 1:
            return terms
    return None


def protect(grid: Grid, seuil: int = SEUIL) -> set[Cell]:
    """Hide small counts, then hide more until no hidden cell can be recomputed."""
    masked = {
        (node, m) for node, per in grid.values.items() for m, v in per.items() if 0 < v < seuil
    }
    groups = list(_sum_groups(grid))
    while (terms := _leak(groups, masked)) is not None:
        total, parts = terms[0], terms[1:]
        candidates = [c for c in parts if c not in masked]
        # Prefer the smallest non-zero term (it costs the least information), then the total.
        candidates.sort(key=lambda c: (grid.value(c) == 0, grid.value(c)))
        nonzero = [c for c in candidates if grid.value(c) != 0]
        if nonzero:
            masked.add(nonzero[0])
        elif total not in masked:
            masked.add(total)
        else:
            masked.add(candidates[0])
    grid.masked = masked
    return masked
