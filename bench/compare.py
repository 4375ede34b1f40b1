"""Scale 1 against scale 10: does a request's cost grow with the data?

    python -m bench.compare bench/results/<scale 1>.json bench/results/<scale 10>.json

For each request of the one-worker configuration: p50 at each scale, p50 divided by the
reference's p50 measured in the same run (the machine's noise cancels out), and the growth
of that normalised p50 from the first file to the second. Target: within 1.3x, the
indicators of one territoire for one year within 2x.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REFERENCE = "reference: GET /parcours/{id}"
INDICATORS = "indicateurs-territoire"


def one_worker(path: str) -> tuple[float, dict[str, Any]]:
    data = json.loads(Path(path).read_text())
    config = next(c for c in data["configurations"] if c["workers"] == 1)
    requests: dict[str, Any] = {}
    for flow in config["flows"].values():
        requests.update(flow["requests"])
    return data["dataset"]["scale"], requests


def table(first: str, second: str) -> str:
    scale_a, a = one_worker(first)
    scale_b, b = one_worker(second)
    ref_a, ref_b = a[REFERENCE]["p50_ms"], b[REFERENCE]["p50_ms"]
    lines = [
        f"| request | p50 ms, scale {scale_a:g} | p50 ms, scale {scale_b:g} | "
        f"÷ ref p50, scale {scale_a:g} | ÷ ref p50, scale {scale_b:g} | growth | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, ra in a.items():
        if name == REFERENCE or name not in b:
            continue
        rb = b[name]
        na, nb = ra["p50_ms"] / ref_a, rb["p50_ms"] / ref_b
        limit = 2.0 if name.startswith(INDICATORS) else 1.3
        growth = nb / na
        verdict = "met" if growth <= limit else "missed"
        lines.append(
            f"| {name} | {ra['p50_ms']:.1f} | {rb['p50_ms']:.1f} | {na:.1f} | {nb:.1f} | "
            f"{growth:.2f} | ≤ {limit:g}: {verdict} |"
        )
    lines.append(f"| {REFERENCE} | {ref_a:.1f} | {ref_b:.1f} | 1 | 1 | {ref_b / ref_a:.2f} | |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        raise SystemExit(__doc__)
    print(table(args[0], args[1]))


if __name__ == "__main__":
    main()
