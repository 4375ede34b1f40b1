"""Every audit action the code records has its French label (the audit page shows it)."""

from __future__ import annotations

import ast
from pathlib import Path

from api.referentiel.libelles import LIBELLES_LIBRES

ROOT = Path(__file__).resolve().parents[2]


def _recorded(tree: ast.AST) -> set[str]:
    """The actions of `record(session, context, "action", …)` and of `action="…"`."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        if name == "record" and len(node.args) >= 3:
            action = node.args[2]
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                found.add(action.value)
        for keyword in node.keywords:
            value = keyword.value
            if (
                keyword.arg == "action"
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                found.add(value.value)
    return found


def _object_types(tree: ast.AST) -> set[str]:
    """The `object_type="…"` of the audit records."""
    return {
        keyword.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "object_type"
        and isinstance(keyword.value, ast.Constant)
        and isinstance(keyword.value.value, str)
    }


def test_every_recorded_object_type_has_a_label() -> None:
    used: set[str] = set()
    for path in (ROOT / "api").rglob("*.py"):
        used |= _object_types(ast.parse(path.read_text(encoding="utf-8")))
    assert len(used) > 10, used
    assert sorted(used - set(LIBELLES_LIBRES["audit_objet"])) == []


def test_every_recorded_audit_action_has_a_label() -> None:
    used: set[str] = set()
    for path in (ROOT / "api").rglob("*.py"):
        used |= _recorded(ast.parse(path.read_text(encoding="utf-8")))
    assert len(used) > 20, used  # the scan finds the code's actions
    assert sorted(used - set(LIBELLES_LIBRES["audit_action"])) == []
