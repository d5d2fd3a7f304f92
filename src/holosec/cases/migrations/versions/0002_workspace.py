"""The commission workspace: agencies (every user joins one; roles become the workspace's), field
leads, cases with their fields, places, agencies, shares, links, evidence, tasks, comments and
attachments; the append-only decision log; the strategy, policy and law register; the hash-chained
audit log; the inbox and outgoing webhooks.

Users migrate: admin -> commission-admin of the commission secretariat, analyst -> agency-analyst and
viewer -> observer, of the agency named in their old ``agency`` column or else of "Default agency".

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SECRETARIAT = "Commission secretariat"
DEFAULT_AGENCY = "Default agency"
ROLE_OF = {"admin": "commission-admin", "analyst": "agency-analyst", "viewer": "observer"}
APPEND_ONLY = ("decisions", "audit_log")
TS = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True)


def _fk(name: str, target: str, *, nullable: bool = False, primary_key: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.Integer, sa.ForeignKey(target), nullable=nullable, primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "agencies",
        _id(),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    _migrate_users()
    op.drop_table("login_failures")
    op.create_table(
        "login_failures",
        _id(),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("ip", sa.Text, nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("login_failures_key", "login_failures", ["name", "ip"])
    op.create_table(
        "field_agencies",
        sa.Column("taxonomy", sa.String(20), primary_key=True),
        sa.Column("field", sa.String(40), primary_key=True),
        _fk("agency_id", "agencies.id", primary_key=True),
        sa.Column("relation", sa.String(20), nullable=False),
    )
    op.create_table(
        "cases",
        _id(),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("priority", sa.String(10), nullable=False),
        sa.Column("due_on", sa.Date),
        sa.Column("period", sa.String(10)),
        sa.Column("taxonomy", sa.String(20), nullable=False),
        _fk("lead_agency_id", "agencies.id"),
        _fk("created_by", "users.user_id"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        _fk("merged_into", "cases.id", nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "case_fields",
        _fk("case_id", "cases.id", primary_key=True),
        sa.Column("field", sa.String(40), primary_key=True),
    )
    op.create_table(
        "case_places",
        _id(),
        _fk("case_id", "cases.id"),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("partner", sa.String(3), nullable=False),
        sa.UniqueConstraint("case_id", "country", "partner"),
    )
    op.create_table(
        "case_agencies",
        _fk("case_id", "cases.id", primary_key=True),
        _fk("agency_id", "agencies.id", primary_key=True),
        sa.Column("relation", sa.String(20), nullable=False),
    )
    op.create_table(
        "case_shares",
        _fk("case_id", "cases.id", primary_key=True),
        _fk("user_id", "users.user_id", primary_key=True),
    )
    op.create_table(
        "case_links",
        _fk("case_id", "cases.id", primary_key=True),
        _fk("other_id", "cases.id", primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
    )
    op.create_table(
        "case_evidence",
        _id(),
        _fk("case_id", "cases.id"),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("ref", sa.String(300), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        _fk("added_by", "users.user_id"),
        sa.Column("added_at", TS, nullable=False),
        sa.UniqueConstraint("case_id", "kind", "ref"),
    )
    op.create_table(
        "tasks",
        _id(),
        _fk("case_id", "cases.id"),
        sa.Column("title", sa.String(200), nullable=False),
        _fk("owner_agency_id", "agencies.id"),
        _fk("owner_user_id", "users.user_id", nullable=True),
        sa.Column("due_on", sa.Date),
        sa.Column("status", sa.String(10), nullable=False),
        _fk("created_by", "users.user_id"),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "comments",
        _id(),
        _fk("case_id", "cases.id"),
        _fk("author_id", "users.user_id"),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "attachments",
        _id(),
        _fk("case_id", "cases.id"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        _fk("added_by", "users.user_id"),
        sa.Column("added_at", TS, nullable=False),
    )
    op.create_table(
        "decisions",
        _id(),
        _fk("case_id", "cases.id"),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("why", sa.Text, nullable=False),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("consulted", sa.JSON, nullable=False),
        sa.Column("dissent", sa.Text, nullable=False),
        _fk("recorded_by", "users.user_id"),
        sa.Column("recorded_at", TS, nullable=False),
    )
    op.create_table(
        "strategies",
        _id(),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("adopted_on", sa.Date),
        _fk("owner_agency_id", "agencies.id"),
        sa.Column("cases", sa.JSON, nullable=False),
        sa.Column("targets", sa.JSON, nullable=False),
        sa.Column("laws", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_table(
        "laws",
        _id(),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("enacted_on", sa.Date),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("fields", sa.JSON, nullable=False),
        _fk("agency_id", "agencies.id"),
        sa.Column("cases", sa.JSON, nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(60), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute(
        sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :zero)").bindparams(zero="0" * 64)
    )
    op.create_table(
        "notifications",
        _id(),
        _fk("user_id", "users.user_id"),
        sa.Column("kind", sa.String(20), nullable=False),
        _fk("case_id", "cases.id", nullable=True),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("read", sa.Boolean, nullable=False),
        sa.UniqueConstraint("user_id", "key"),
    )
    op.create_table(
        "webhooks",
        _id(),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("secret", sa.String(200), nullable=False),
        _fk("agency_id", "agencies.id", nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )
    op.create_table(
        "webhook_deliveries",
        _id(),
        _fk("webhook_id", "webhooks.id"),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("delivered_at", TS),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text, nullable=False),
    )
    _append_only()


def _migrate_users() -> None:
    """Every user gets an agency and a workspace role (see the module's docstring)."""
    bind = op.get_bind()
    now = datetime.now(UTC)
    agencies = sa.table(
        "agencies", sa.column("id"), sa.column("name"), sa.column("kind"), sa.column("created_at")
    )
    op.bulk_insert(agencies, [{"name": SECRETARIAT, "kind": "commission", "created_at": now}])
    users = bind.execute(sa.text("SELECT user_id, role, agency FROM users")).all()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("agency_id", sa.Integer, nullable=True))
        batch.drop_constraint("ck_users_role", type_="check")
    known: dict[str, int] = {}
    for user_id, role, agency in users:
        name = SECRETARIAT if role == "admin" else (agency or "").strip() or DEFAULT_AGENCY
        if name not in known:
            found = bind.execute(sa.text("SELECT id FROM agencies WHERE name = :n"), {"n": name}).scalar()
            if found is None:
                bind.execute(
                    sa.text("INSERT INTO agencies (name, kind, created_at) VALUES (:n, 'agency', :t)"),
                    {"n": name, "t": now},
                )
                found = bind.execute(sa.text("SELECT id FROM agencies WHERE name = :n"), {"n": name}).scalar()
            known[name] = int(found or 0)
        bind.execute(
            sa.text("UPDATE users SET role = :r, agency_id = :a WHERE user_id = :u"),
            {"r": ROLE_OF.get(role, role), "a": known[name], "u": user_id},
        )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("agency")
        batch.alter_column("role", type_=sa.String(20), existing_type=sa.Text, existing_nullable=False)
        batch.alter_column("agency_id", nullable=False, existing_type=sa.Integer)
        batch.create_foreign_key("fk_users_agency", "agencies", ["agency_id"], ["id"])


def _append_only() -> None:
    """Triggers that refuse UPDATE and DELETE on the append-only tables, in SQLite and PostgreSQL."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION holosec_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION holosec_append_only()"
            )
        return
    for table in APPEND_ONLY:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("the workspace cannot be downgraded: its logs are append-only")
