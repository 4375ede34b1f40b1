"""The vocabulary lives once, in api/referentiel: labels complete, the SPA's copy generated."""

from __future__ import annotations

import enum
from pathlib import Path

import yaml

from api import referentiel
from api.openapi_export import render_typescript
from api.referentiel import LIBELLES

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "frontend" / "src" / "i18n" / "referentiel.generated.ts"


def test_every_enum_of_the_contract_has_a_label_per_value() -> None:
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
    enums = {
        name: schema["enum"]
        for name, schema in spec["components"]["schemas"].items()
        if "enum" in schema and name != "Permission"
    }
    assert enums
    for name, values in enums.items():
        assert name in LIBELLES, f"{name} has no labels in api/referentiel/libelles.py"
        assert set(LIBELLES[name]) == {str(v) for v in values}, name


def test_every_enum_of_the_vocabulary_has_its_labels() -> None:
    kinds = [
        getattr(referentiel, n)
        for n in referentiel.__all__
        if isinstance(getattr(referentiel, n), type)
        and issubclass(getattr(referentiel, n), enum.Enum)
    ]
    assert len(kinds) > 30
    for kind in kinds:
        assert set(LIBELLES[kind.__name__]) == {v.value for v in kind}, kind.__name__
        assert all(label and label != value for value, label in LIBELLES[kind.__name__].items())


def test_the_spa_vocabulary_is_generated_from_the_api() -> None:
    assert GENERATED.read_text(encoding="utf-8") == render_typescript(), (
        "frontend/src/i18n/referentiel.generated.ts is stale: run `make openapi`"
    )
