"""audit trail sealed by the worker

Revision ID: 0015
Revises: 0012
Create Date: 2026-12-05 19:20:00.000000

Requests insert their audit event without locking or reading the chain; the worker's sealer
chains committed events afterwards (api/core/audit.py). New: `audit_event.xid` (the writing
transaction, PostgreSQL), `audit_event.seq` (the sealed position), hashes NULL until sealed,
the `audit_seal` table (the sealed position), and append-only guards that let the sealer fill
the seal columns of an unsealed row and nothing else. Existing rows, already chained in id
order, keep their hashes and get their positions in that order.
"""

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
SEAL_COLUMNS = ("seq", "prev_hash", "hash")

# UPDATE is refused except the sealer's: an unsealed row gets its position and hashes, every
# other column unchanged. DELETE only inside a declared retention purge, as before.
PG_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('convergence.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL AND NEW.seq IS NOT NULL
       AND NEW.hash IS NOT NULL
       AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash'
           = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""
PG_OLD_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('convergence.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""
_KEPT = (
    "id",
    "occurred_at",
    "actor_type",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "salarie_id",
    "client_address",
    "request_id",
    "details",
    "xid",
)
SQLITE_UPDATE_GUARD = f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
   WHEN NOT (OLD.seq IS NULL AND OLD.hash IS NULL AND NEW.seq IS NOT NULL
             AND NEW.hash IS NOT NULL AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in _KEPT)})
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only (UPDATE refused)'); END"""
SQLITE_OLD_UPDATE_GUARD = """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only (UPDATE refused)'); END"""
SQLITE_DELETE_GUARD = """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
   WHEN NOT EXISTS (SELECT 1 FROM audit_purge_flag)
   BEGIN SELECT RAISE(ABORT, 'audit_event is append-only (DELETE refused)'); END"""


def _drop_sqlite_guards() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        _drop_sqlite_guards()
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("xid", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=True)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=True)
    # Existing rows were chained in id order under the old global lock.
    op.execute(
        "UPDATE audit_event SET seq = (SELECT count(*) FROM audit_event AS a "
        "WHERE a.id <= audit_event.id)"
        if not postgresql
        else "UPDATE audit_event SET seq = s.n FROM (SELECT id, row_number() OVER "
        "(ORDER BY id) AS n FROM audit_event) AS s WHERE audit_event.id = s.id"
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_seq"), ["seq"], unique=True)
        batch_op.create_index(
            "ix_audit_event_unsealed",
            ["xid", "id"],
            unique=False,
            postgresql_where=sa.text("seq IS NULL"),
            sqlite_where=sa.text("seq IS NULL"),
        )
    seal = op.create_table(
        "audit_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_seq", sa.BigInteger(), nullable=False),
        sa.Column("sealed_seq", sa.BigInteger(), nullable=False),
        sa.Column("head_hash", sa.String(length=64), nullable=False),
        sa.Column("horizon", sa.BigInteger(), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lag_seconds", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seal")),
    )
    bind = op.get_bind()
    count, last_id = bind.execute(sa.text("SELECT count(*), max(id) FROM audit_event")).one()
    head = bind.execute(sa.text("SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")).scalar()
    op.bulk_insert(
        seal,
        [
            {
                "id": 1,
                "first_seq": 1,
                "sealed_seq": int(count),
                "head_hash": head or GENESIS,
                # PostgreSQL: no event carries a transaction id yet; SQLite: the next event id.
                "horizon": 0 if postgresql else int(last_id or 0) + 1,
                "sealed_at": datetime.now(UTC) if count else None,
                "lag_seconds": None,
            }
        ],
    )
    if postgresql:
        op.execute(PG_GUARD_FUNCTION)
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    else:
        op.execute(SQLITE_UPDATE_GUARD)
        op.execute(SQLITE_DELETE_GUARD)


def _digest(prev_hash: str, row: sa.Row) -> str:
    """The chain's hash (api/core/audit.py `_digest`), from a raw row."""
    occurred_at = row.occurred_at
    if isinstance(occurred_at, str):
        occurred_at = datetime.fromisoformat(occurred_at)
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    details = row.details
    if isinstance(details, str):
        details = json.loads(details)

    def ident(value: object) -> str | None:
        return None if value is None else _uuid_text(value)

    payload = json.dumps(
        {
            "occurred_at": occurred_at.astimezone(UTC).isoformat(),
            "actor_type": row.actor_type,
            "actor_id": ident(row.actor_id),
            "action": row.action,
            "object_type": row.object_type,
            "object_id": row.object_id,
            "salarie_id": ident(row.salarie_id),
            "client_address": row.client_address,
            "request_id": row.request_id,
            "details": details,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _uuid_text(value: object) -> str:
    import uuid

    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def downgrade() -> None:
    """Back to one chain in id order: every row is re-chained from the first kept one."""
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    else:
        _drop_sqlite_guards()
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT * FROM audit_event ORDER BY id")).all()
    prev = (rows[0].prev_hash or GENESIS) if rows else GENESIS
    for row in rows:
        digest = _digest(prev, row)
        bind.execute(
            sa.text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :id"),
            {"p": prev, "h": digest, "id": row.id},
        )
        prev = digest
    op.drop_table("audit_seal")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_event_unsealed")
        batch_op.drop_index(batch_op.f("ix_audit_event_seq"))
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column("seq")
        batch_op.drop_column("xid")
    if postgresql:
        op.execute(PG_OLD_GUARD_FUNCTION)
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    else:
        op.execute(SQLITE_OLD_UPDATE_GUARD)
        op.execute(SQLITE_DELETE_GUARD)
