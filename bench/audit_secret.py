"""`make audit-secret`: the statistical-secret audit of every masked role on generated data.

    python -m bench.audit_secret --scale 0.2

Generates the dataset once into `audit_s<scale>` (scale 0.2: `audit_s02`; reused while its
marker matches the scale and the seed, migrated to head), then runs
`convergence indicateurs audit-secret` on it as an operator would, and exits with its status
(1 when a sensitive cell's interval is narrower than the rule). Too slow for `make test`
(about a minute and a half at scale 0.2); `tests/indicateurs/test_secret_genere.py` runs the
same audit at scale 0.02 there.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time

from bench.run import ROOT, ensure_dataset


def database_name(scale: float) -> str:
    return "audit_s" + f"{scale:g}".replace(".", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    # Anything else goes to audit-secret (--role financeur, --territoire 75, --toutes...).
    args, rest = parser.parse_known_args(argv)
    log: list[str] = []
    url, _dataset = asyncio.run(
        ensure_dataset(args.scale, args.seed, log, name=database_name(args.scale))
    )
    print("\n".join(log), flush=True)
    env = os.environ | {"CONVERGENCE_ENV": "demo", "CONVERGENCE_DATABASE_URL": url}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "indicateurs", "audit-secret", *rest],
        cwd=ROOT,
        env=env,
        check=False,
    )
    print(f"audit-secret: exit {done.returncode} in {time.perf_counter() - started:.0f} s")
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
