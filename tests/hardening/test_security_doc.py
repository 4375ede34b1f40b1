"""docs/securite.md maps the ten OWASP API Security risks (2023), and ASVS 4.0 level 2
chapters 2 and 3, to tests that exist."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "securite.md").read_text(encoding="utf-8")


def test_each_owasp_item_names_at_least_one_test() -> None:
    items = re.split(r"\*\*API(\d+) — ", DOC)[1:]
    numbers = items[0::2]
    assert numbers == [str(n) for n in range(1, 11)]
    for number, text in zip(numbers, items[1::2], strict=True):
        assert re.search(r"`tests/[\w/]+\.py", text), f"API{number} names no test"


def test_every_named_test_exists() -> None:
    current = None
    missing = []
    for path, name in re.findall(r"`(tests/[\w/]+\.py)?(?:::(\w+))?`", DOC):
        current = path or current
        if current is None or not (path or name):
            continue
        source = ROOT / current
        if not source.is_file():
            missing.append(current)
        elif name and not re.search(rf"def {name}\b", source.read_text(encoding="utf-8")):
            missing.append(f"{current}::{name}")
    assert missing == []


def test_the_asvs_table_covers_chapters_2_and_3() -> None:
    table = DOC.split("## OWASP ASVS 4.0.3")[1].split("\n## ")[0]
    sections = re.findall(r"^\| \*\*V(\d+\.\d+) ", table, flags=re.MULTILINE)
    assert sections == [f"2.{n}" for n in range(1, 11)] + [f"3.{n}" for n in range(1, 8)]
    rows = [r for r in table.splitlines() if re.match(r"^\| \d\.\d+\.\d", r)]
    assert len(rows) >= 40
    for row in rows:
        proof = row.rstrip(" |").rsplit("|", 1)[-1]
        assert "`tests/" in proof or "NA" in proof, f"no test nor reason: {row}"
