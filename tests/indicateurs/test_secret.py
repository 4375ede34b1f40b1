"""The attacker who solves the published equations: constructions that beat the one-subtraction
rule alone, and the audit of every masked role on the demo."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from api.indicateurs.audit import audit
from api.indicateurs.masquage import SEUIL, Grid, complete
from api.indicateurs.secret import LARGEUR, Attaque, cap, protect
from api.indicateurs.service import NATIONAL, cohortes
from api.public.service import NOMBRE_COHORTES
from api.referentiel import Role
from tests.conftest import DemoIds

T = ("T", 1)


def _tree(*chantiers: int) -> dict[Any, Any]:
    return {NATIONAL: None, T: NATIONAL} | {("C", c): T for c in chantiers}


def _up(values: dict[Any, dict[str, int]]) -> dict[Any, dict[str, int]]:
    """The territoire and the nation: sums of the chantiers."""
    total: dict[str, int] = {}
    for node, row in values.items():
        if node[0] == "C":
            for k, v in row.items():
                total[k] = total.get(k, 0) + v
    return values | {T: dict(total), NATIONAL: dict(total)}


def difference_of_two() -> Grid:
    """Two chantiers of 1 under a territoire whose other chantier is shown: the territoire's
    count minus the shown one is 2, and both hidden cells are known to be small."""
    values = _up({("C", 1): {"effectif": 1}, ("C", 2): {"effectif": 1}, ("C", 3): {"effectif": 56}})
    return Grid(values, _tree(1, 2, 3), sums=[])


def category_of_zero_motifs() -> Grid:
    """A hidden category whose third motif is published as 0: the category is the sum of the
    two hidden motifs, and the territoire's motif b minus what is shown leaves 3 for two
    hidden cells."""
    sums = [("autre_sortie", ["motif:a", "motif:b", "motif:c"])]
    values = _up(
        {
            ("C", 1): {"autre_sortie": 2, "motif:a": 1, "motif:b": 1, "motif:c": 0},
            ("C", 2): {"autre_sortie": 40, "motif:a": 20, "motif:b": 2, "motif:c": 18},
            ("C", 3): {"autre_sortie": 30, "motif:a": 12, "motif:b": 18, "motif:c": 0},
        }
    )
    return Grid(values, _tree(1, 2, 3), sums=sums)


def complement_under_the_largest_count() -> Grid:
    """The generated data's finding (cohort 2016 at scale 0.2): 13 orientations, the largest
    count of the grid, 12 of them answered. The unanswered one is a never-published complement;
    hiding it hides the answered 12 ("masqué": 11 or more), so the complement is at most
    13 - 11 = 2 while the total 13 is shown."""
    sums = [("orientations", ["orientations_repondues", "~orientations_repondues"])]
    values = _up(
        {
            ("C", 1): {
                "orientations": 5,
                "orientations_repondues": 5,
                "~orientations_repondues": 0,
            },
            ("C", 2): {
                "orientations": 4,
                "orientations_repondues": 4,
                "~orientations_repondues": 0,
            },
            ("C", 3): {
                "orientations": 4,
                "orientations_repondues": 3,
                "~orientations_repondues": 1,
            },
        }
    )
    return Grid(values, _tree(1, 2, 3), sums=sums)


def _one_subtraction_rule(grid: Grid) -> set[Any]:
    """Today's rule alone (before this protection): small counts, then no sum with exactly
    one hidden term."""
    primary = {(n, m) for n, per in grid.values.items() for m, v in per.items() if 0 < v < SEUIL}
    return complete(grid, primary)


def test_the_constructions_beat_the_one_subtraction_rule_but_not_the_solver() -> None:
    for build in (difference_of_two, category_of_zero_motifs):
        grid = build()
        old = _one_subtraction_rule(grid)
        # What the attacker did: with the old reasons ("< 11" means 1 to 10), exact
        # values come out...
        leaked = Attaque(grid, old, old_reasons=True).intervals(exact=True)
        assert any(iv.width == 1 for iv in leaked), build.__name__
        # ...and even with "< 11" meaning 0 to 10, the old hidden set leaves narrow cells.
        assert any(iv.width < LARGEUR for iv in Attaque(grid, old).intervals(exact=True))
        new = protect(grid)
        assert old <= new
        intervals = Attaque(grid, new).intervals(exact=True)
        assert intervals and all(iv.width >= LARGEUR for iv in intervals), (
            build.__name__,
            [iv for iv in intervals if iv.width < LARGEUR],
        )


def test_two_hidden_ones_under_a_difference_of_two_are_no_longer_both_one() -> None:
    grid = difference_of_two()
    old = Attaque(grid, _one_subtraction_rule(grid)).intervals(exact=True)
    assert {(iv.cell[0], iv.low, iv.high) for iv in old} >= {
        (("C", 1), 0, 2),
        (("C", 2), 0, 2),
    }
    new = Attaque(grid, protect(grid)).intervals(exact=True)
    assert {iv.cell[0]: (iv.low, iv.high) for iv in new}[("C", 1)] == (0, SEUIL - 1)


def test_a_hidden_cell_disclosed_by_a_published_zero_widens() -> None:
    """Chantier 1's category is its motifs a + b (c is a published 0); with the old reasons
    both are at least 1 and b is pinned by the territoire: the solver hides more until every
    small cell is 5 values wide."""
    grid = category_of_zero_motifs()
    cell = (("C", 1), "motif:b")
    masked = _one_subtraction_rule(grid)
    before = {iv.cell: iv for iv in Attaque(grid, masked, old_reasons=True).intervals(exact=True)}
    assert before[cell].width < LARGEUR
    new = {iv.cell: iv for iv in Attaque(grid, protect(grid)).intervals(exact=True)}
    assert new[cell].width >= LARGEUR


def test_a_complement_under_a_hidden_part_of_11_or_more_widens() -> None:
    """With the grid's largest count as every count's bound (the first model), no set of hidden
    cells could widen the complement: hiding the total 13 left it at most 13 (the largest
    count), so the solver gave up. The bound is now loose (`cap`), hiding the totals lets the
    complement go up to what the chantiers' "< 11" allow, and that, not the bound, widens it."""
    grid = complement_under_the_largest_count()
    national = (NATIONAL, "~orientations_repondues")
    old = {iv.cell: iv for iv in Attaque(grid, _one_subtraction_rule(grid)).intervals(exact=True)}
    assert (old[national].low, old[national].high) == (0, 2)
    masked = protect(grid)
    assert (NATIONAL, "orientations") in masked and (T, "orientations") in masked
    new = {iv.cell: iv for iv in Attaque(grid, masked).intervals(exact=True)}
    assert all(iv.width >= LARGEUR for iv in new.values()), new
    assert new[national].exact and new[national].high < cap(grid)


async def test_the_demo_leaves_every_masked_role_wide_intervals(
    session: Any, demo: DemoIds
) -> None:
    """Every view (exit years, entry cohorts) as a national masked reader sees it (the most
    a masked reader can see: any narrower scope only loses equations), then a territorial
    FAS and chargé de partenariat on a few views."""
    started = time.perf_counter()
    vues = await audit(session, Role.financeur)
    assert len(vues) >= 20
    sensitive = sum(len(v.intervals) for v in vues)
    narrow = [iv for v in vues for iv in v.narrow]
    print(f"\nfinanceur: {len(vues)} views, {sensitive} sensitive cells, {len(narrow)} narrow")
    assert sensitive > 1000 and narrow == []
    idf = frozenset({demo.territoires["paris"]})
    some = [("sorties", 2024), ("cohorte", 2019)]
    for role in (Role.fas, Role.charge_partenariat):
        vues = await audit(session, role, idf, only=some)
        assert [iv for v in vues for iv in v.narrow] == []
        assert sum(len(v.intervals) for v in vues) > 0
    print(f"audit of the demo: {time.perf_counter() - started:.1f} s")


async def test_the_public_figures_leave_the_anonymous_reader_wide_intervals(
    session: Any, demo: DemoIds
) -> None:
    """The public pages publish national figures only (`api.public.service.resultats`): the
    exits of the last complete year and the last entry cohorts, protected by the same method.
    The anonymous reader's system (the national node of those views, every measure shown
    there) leaves every small count at least LARGEUR values wide."""
    annee = date.today().year - 1
    views = [("sorties", annee)] + [
        ("cohorte", y) for y in await cohortes(session, annee, NOMBRE_COHORTES)
    ]
    vues = await audit(session, None, only=views)
    assert sorted((v.base, v.annee) for v in vues) == sorted(views)
    sensitive = [iv for v in vues for iv in v.intervals]
    assert [iv for iv in sensitive if iv.width < LARGEUR] == []
    # The reader sees the national node only: every cell it could narrow is national or a
    # never-published part below it, and some small counts exist there to be protected.
    assert sensitive, "the demo's public views hold small counts below the national total"
    print(f"\npublic reader: {len(vues)} views, {len(sensitive)} sensitive cells, 0 narrow")
