"""Log format: one JSON object per line in production, a readable line in demo/development.

No message of the application carries a person's name, an e-mail, health data or a secret
(tests/observabilite/test_journal.py scans the logs of representative requests); fields
are ids, codes, durations and counts.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has: anything else was passed with `extra=` and is a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
# uvicorn's own records: the per-request line replaces its access log.
_UVICORN_NOISE = {"color_message"}


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return {
        key: value
        for key, value in record.__dict__.items()
        if key not in _STANDARD and key not in _UVICORN_NOISE and not key.startswith("_")
    }


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(_fields(record))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class HumanFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        extra = " ".join(f"{k}={v}" for k, v in fields.items() if v is not None)
        text = f"{_timestamp(record)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        if extra:
            text += f"  [{extra}]"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def log_format(env: str, configured: str) -> str:
    """`json` or `texte`: the setting when given, else JSON in production only."""
    if configured:
        return configured
    return "json" if env == "production" else "texte"


PARAMETER_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool")


def configure_logging(level: str, fmt: str) -> None:
    """One handler on the root logger; uvicorn's loggers go through it, its access log off."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else HumanFormatter())
    handler.set_name("convergence")
    root = logging.getLogger()
    for existing in list(root.handlers):
        if existing.get_name() == "convergence" or not isinstance(existing, logging.StreamHandler):
            continue
        if getattr(existing, "stream", None) in (sys.stderr, sys.stdout):
            root.removeHandler(existing)
    for existing in list(root.handlers):
        if existing.get_name() == "convergence":
            root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Database drivers log each statement with its parameters (names, e-mails) at DEBUG:
    # whatever the level asked for, they only speak of warnings.
    for name in PARAMETER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
    access = logging.getLogger("uvicorn.access")
    access.handlers.clear()
    access.propagate = False
    access.disabled = True
