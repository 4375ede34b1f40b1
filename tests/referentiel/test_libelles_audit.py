"""Every audit action the code records has its French label (the audit page shows it)."""

from __future__ import annotations

import re
from pathlib import Path

from api.referentiel.libelles import LIBELLES_LIBRES

ROOT = Path(__file__).resolve().parents[2]
# `audit.record(session, context, "action", …)` and `action="…"`.
RECORDED = (
    re.compile(r"record\(\s*[^,()]+,\s*[^,()]+,\s*\"([a-z_]+)\""),
    re.compile(r"\baction=\"([a-z_]+)\""),
)


def test_every_recorded_audit_action_has_a_label() -> None:
    used: set[str] = set()
    for path in (ROOT / "api").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for pattern in RECORDED:
            used |= set(pattern.findall(text))
    assert len(used) > 20, used  # the scan finds the code's actions
    assert sorted(used - set(LIBELLES_LIBRES["audit_action"])) == []
