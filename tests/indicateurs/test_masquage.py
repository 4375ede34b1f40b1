"""Small-cell protection: on random grids (hypothesis) and through the API for a FAS token."""

from __future__ import annotations

import random
from itertools import product
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.indicateurs.masquage import SEUIL, Grid, _sum_groups
from api.indicateurs.secret import protect
from api.indicateurs.service import NATIONAL, SUMS
from tests.conftest import DemoIds


def _random_grid(seed: int, territoires: int, chantiers: int, scale: int) -> Grid:
    """Consistent counts: every chantier's totals split at random along SUMS."""
    rng = random.Random(seed)
    values: dict[Any, dict[str, int]] = {}
    parent: dict[Any, Any] = {NATIONAL: None}
    for t in range(territoires):
        parent[("T", t)] = NATIONAL
        for c in range(rng.randint(1, chantiers)):
            node = ("C", (t, c))
            parent[node] = ("T", t)
            row = {"effectif": rng.randint(0, scale), "orientations": rng.randint(0, scale)}
            for total, parts in SUMS:
                left = row.get(total, 0)
                for part in parts[:-1]:
                    row[part] = rng.randint(0, left)
                    left -= row[part]
                row[parts[-1]] = left
            values[node] = row
    for node in list(values):
        for up in (parent[node], NATIONAL):
            agg = values.setdefault(up, {})
            for k, v in values[node].items():
                agg[k] = agg.get(k, 0) + v
    return Grid(values, parent, SUMS)


def _attack(grid: Grid, masked: set[Any]) -> dict[Any, int]:
    """What subtracting published figures reveals: solve every sum with one unknown, repeat."""
    known = {(node, m): v for node, per in grid.values.items() for m, v in per.items()}
    revealed: dict[Any, int] = {}
    shown = {c for c in known if c not in masked}
    groups = list(_sum_groups(grid))
    progress = True
    while progress:
        progress = False
        for total, parts in groups:
            unknown = [c for c in [total, *parts] if c not in shown]
            if len(unknown) != 1:
                continue
            cell = unknown[0]
            revealed[cell] = known.get(cell, 0)
            shown.add(cell)
            progress = True
    return revealed


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    territoires=st.integers(1, 4),
    chantiers=st.integers(1, 4),
    scale=st.sampled_from([8, 15, 30, 60, 200]),
)
def test_no_small_count_is_shown_nor_recomputable(
    seed: int, territoires: int, chantiers: int, scale: int
) -> None:
    grid = _random_grid(seed, territoires, chantiers, scale)
    masked = protect(grid)
    for node, per in grid.values.items():
        for measure, value in per.items():
            if 0 < value < SEUIL:
                assert (node, measure) in masked, (node, measure, value)
    # No sum has exactly one hidden term: a total minus the others gives nothing away...
    for total, parts in _sum_groups(grid):
        hidden = [c for c in [total, *parts] if c in masked]
        assert len(hidden) != 1, (total, hidden)
    # ...so differences of published figures reveal no hidden cell at all.
    assert _attack(grid, masked) == {}


def test_a_lone_small_chantier_takes_a_neighbour_with_it() -> None:
    grid = Grid(
        values={
            NATIONAL: {"effectif": 70},
            ("T", 1): {"effectif": 70},
            ("C", 1): {"effectif": 5},
            ("C", 2): {"effectif": 40},
            ("C", 3): {"effectif": 25},
        },
        parent={NATIONAL: None, ("T", 1): NATIONAL, ("C", 1): ("T", 1), ("C", 2): ("T", 1)}
        | {("C", 3): ("T", 1)},
        sums=[],
    )
    masked = protect(grid)
    assert masked == {(("C", 1), "effectif"), (("C", 3), "effectif")}


# --- through the API: a FAS token tries every combination of filters ----------------------

YEARS = (2019, 2022, 2024, 2025)


def _collect(body: dict[str, Any]) -> list[tuple[str, Any, int | None]]:
    out = []
    for cell in [body["total"], *body["groupes"]]:
        for item in cell["indicateurs"]:
            out.append((cell["type"], item["code"], item["numerateur"]))
            out.append((cell["type"], item["code"], item["denominateur"]))
        for m in cell["sorties_par_motif"]:
            out.append((cell["type"], m["motif"], m["nombre"]))
        for d in cell["orientations_par_domaine"]:
            out.append((cell["type"], d["domaine"], d["nombre"]))
    return out


def _counts(cell: dict[str, Any]) -> dict[str, int | None]:
    values: dict[str, int | None] = {i["code"]: i["numerateur"] for i in cell["indicateurs"]}
    values |= {f"motif:{m['motif']}": m["nombre"] for m in cell["sorties_par_motif"]}
    values |= {f"domaine:{d['domaine']}": d["nombre"] for d in cell["orientations_par_domaine"]}
    return values


async def test_a_fas_token_cannot_obtain_a_small_count(
    client: Any, auth: Any, demo: DemoIds
) -> None:
    fas = auth("demo-fas-ile-de-france")
    paris = str(demo.territoires["paris"])
    chantiers = [
        str(demo.structures[n])
        for n in (
            "Ateliers de Belleville",
            "Ressourcerie du Canal",
            "Jardins de la Petite Ceinture",
        )
    ]
    requests: list[dict[str, Any]] = [
        {"groupe_par": "annee"},
        {"groupe_par": "annee", "territoire": paris},
    ]
    for year, groupe, scope in product(YEARS, (None, "chantier", "territoire"), (None, paris)):
        params: dict[str, Any] = {
            "periode_sortie_debut": f"{year}-01-01",
            "periode_sortie_fin": f"{year}-12-31",
        }
        if groupe:
            params["groupe_par"] = groupe
        if scope:
            params["territoire"] = scope
        requests.append(params)
        requests.append({"cohorte_entree": year, **({"groupe_par": groupe} if groupe else {})})
    for year, chantier in product(YEARS, chantiers):
        requests.append(
            {
                "chantier": chantier,
                "periode_sortie_debut": f"{year}-01-01",
                "periode_sortie_fin": f"{year}-12-31",
            }
        )
    totals: dict[int, dict[str, int | None]] = {}
    by_chantier: dict[int, dict[str, dict[str, int | None]]] = {}
    masked_seen = 0
    for params in requests:
        response = await client.get("/api/v1/indicateurs", params=params, headers=fas)
        assert response.status_code == 200, (params, response.text)
        body = response.json()
        assert body["masquage"] is True
        for kind, code, value in _collect(body):
            assert value is None or value == 0 or value >= SEUIL, (params, kind, code, value)
            masked_seen += value is None
        year = int(params.get("periode_sortie_debut", "0000")[:4])
        if year and "chantier" not in params and "groupe_par" not in params:
            totals[year] = _counts(body["total"])
        if year and params.get("groupe_par") == "chantier" and "territoire" not in params:
            by_chantier[year] = {g["cle"]: _counts(g) for g in body["groupes"]}
    assert masked_seen > 0  # the demo has small cells: the test exercises the masking
    # Overlapping queries: the territoire's total minus its shown chantiers never isolates
    # one hidden chantier.
    for year, cells in by_chantier.items():
        for measure, total in totals[year].items():
            if total is None:
                continue
            hidden = [c for c, v in cells.items() if v.get(measure) is None]
            assert len(hidden) != 1, (year, measure, hidden)
    # Out of its territoires: nothing.
    lyon = {"territoire": str(demo.territoires["grand-lyon"]), "groupe_par": "annee"}
    assert (await client.get("/api/v1/indicateurs", params=lyon, headers=fas)).status_code == 404


async def test_masked_roles_must_choose_a_whole_year(client: Any, auth: Any) -> None:
    fas = auth("fas.idf")
    for params in (
        {},
        {"periode_sortie_debut": "2024-01-01", "periode_sortie_fin": "2025-12-31"},
        {"periode_sortie_debut": "2024-03-01", "periode_sortie_fin": "2024-12-31"},
    ):
        response = await client.get("/api/v1/indicateurs", params=params, headers=fas)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "periode_sortie_debut"
    # Exact roles may ask any period.
    response = await client.get(
        "/api/v1/indicateurs",
        params={"periode_sortie_debut": "2024-03-01", "periode_sortie_fin": "2025-06-30"},
    )
    assert response.status_code == 200
    assert response.json()["masquage"] is False


async def test_the_financeur_sees_the_nation_masked_and_the_total_by_year_hidden(
    client: Any, auth: Any
) -> None:
    body = (
        await client.get(
            "/api/v1/indicateurs", params={"groupe_par": "annee"}, headers=auth("financeur")
        )
    ).json()
    assert body["masquage"] is True
    assert all(i["masque"] for i in body["total"]["indicateurs"])
    national_2024 = next(g for g in body["groupes"] if g["cle"] == "2024")
    assert _counts(national_2024)["effectif"] is not None


def test_a_grid_seen_again_reuses_its_hidden_cells_and_any_change_recomputes_them(
    monkeypatch: Any,
) -> None:
    """Masked queries of the same year share the work; a moved count is never served a
    stale mask (the cache key is the whole grid)."""
    from api.indicateurs import service

    grid = _random_grid(7, territoires=3, chantiers=6, scale=40)
    calls: list[int] = []

    def counted(g: Grid, seuil: int = SEUIL) -> set[Any]:
        calls.append(1)
        return protect(g, seuil)

    monkeypatch.setattr(service, "protect", counted)
    per_node = {node: {k: float(v) for k, v in per.items()} for node, per in grid.values.items()}
    first = service._protect(per_node, grid.parent)
    again = service._protect({n: dict(p) for n, p in per_node.items()}, grid.parent)
    assert again == first and len(calls) == 1

    chantier = next(n for n in per_node if n[0] == "C")
    moved = {n: dict(p) for n, p in per_node.items()}
    for node in (chantier, grid.parent[chantier], NATIONAL):
        moved[node]["effectif"] += 3
    recomputed = service._protect(moved, grid.parent)
    assert len(calls) == 2
    monkeypatch.setattr(service, "_PROTECTED", service.OrderedDict())
    assert recomputed == service._protect(moved, grid.parent)  # computed from scratch


def _reasons(cell: dict[str, Any]) -> dict[str, str | None]:
    reasons: dict[str, str | None] = {
        i["code"]: i["masquage_numerateur"] for i in cell["indicateurs"]
    }
    reasons |= {f"motif:{m['motif']}": m["masquage"] for m in cell["sorties_par_motif"]}
    reasons |= {f"domaine:{d['domaine']}": d["masquage"] for d in cell["orientations_par_domaine"]}
    return reasons


async def test_each_hidden_count_says_whether_it_is_small_or_hidden_in_complement(
    client: Any, auth: Any
) -> None:
    """ "< 11" is only for small counts; a count hidden so that none can be recomputed (17,
    say) is "complementaire", and the screen writes "masqué"."""
    seen: set[str] = set()
    for year in YEARS:
        params = {
            "periode_sortie_debut": f"{year}-01-01",
            "periode_sortie_fin": f"{year}-12-31",
            "groupe_par": "chantier",
        }
        exact = (await client.get("/api/v1/indicateurs", params=params)).json()
        masked = (
            await client.get("/api/v1/indicateurs", params=params, headers=auth("fas.idf"))
        ).json()
        truth = {g["cle"]: _counts(g) for g in exact["groupes"]}
        for group in masked["groupes"]:
            counts, reasons = _counts(group), _reasons(group)
            for key, value in counts.items():
                real = truth[group["cle"]][key]
                if value is not None:
                    assert reasons[key] is None, (group["cle"], key)
                    continue
                # "< 11" for every hidden count below the threshold, zeros included: the
                # reason never tells a reader that a count is at least 1.
                expected = (
                    "petit_effectif" if real is not None and real < SEUIL else ("complementaire")
                )
                assert reasons[key] == expected, (year, group["cle"], key, real)
                seen.add(reasons[key] or "")
    assert seen == {"petit_effectif", "complementaire"}  # the demo exercises both
