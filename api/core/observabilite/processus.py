"""Process set-up for `convergence serve` and `convergence worker` (imports no metrics).

The Prometheus client picks its multiprocess storage when first imported: the directory
must be in the environment before that, in the parent, so that every uvicorn worker writes
its own files there and any of them can sum them all on a scrape.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_metrics_directory() -> Path:
    """The configured directory emptied (files of a previous run would add up), or a fresh
    temporary one; exported for the worker processes."""
    configured = os.environ.get(MULTIPROC_ENV)
    if configured:
        directory = Path(configured)
        directory.mkdir(parents=True, exist_ok=True)
        for stale in directory.glob("*.db"):
            stale.unlink()
    else:
        directory = Path(tempfile.mkdtemp(prefix="convergence-metrics-"))
        os.environ[MULTIPROC_ENV] = str(directory)
    return directory
