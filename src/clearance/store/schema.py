"""Tables, declared with SQLAlchemy Core. Alembic migrations in ``migrations/`` create them.

Reference data is kept as snapshots: every import writes a new ``snapshot`` row and its
``reference_record`` rows in one transaction, and flips the dataset's active snapshot in
that same transaction. Old snapshots stay, so "which data answered on that day" has an
answer; an interrupted import leaves no trace.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

snapshot = sa.Table(
    "snapshot",
    metadata,
    sa.Column("id", sa.String(80), primary_key=True),  # "<dataset>:<sha256[:12]>"
    sa.Column("dataset", sa.String(60), nullable=False, index=True),
    sa.Column("edition", sa.String(200), nullable=True),  # source's own version label
    sa.Column("source_date", sa.Date, nullable=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("record_count", sa.Integer, nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.Text, nullable=False),  # folder or URLs it came from
    sa.Column("warnings", sa.JSON, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=False),
)

reference_record = sa.Table(
    "reference_record",
    metadata,
    sa.Column("snapshot_id", sa.String(80), sa.ForeignKey("snapshot.id"), primary_key=True),
    sa.Column("seq", sa.Integer, primary_key=True),  # source order, kept: trees need it
    sa.Column("key", sa.String(120), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Index("ix_reference_record_lookup", "snapshot_id", "key"),
)

# Product master: classifications approved by a user, reused for the same part number.
# Rows are never edited or deleted: approving again sets the previous row's ``superseded_at``
# and inserts a new row, so the current approval is the part's row with ``superseded_at`` NULL
# and the older rows are its history. See :mod:`clearance.store.product_master`.
product_classification = sa.Table(
    "product_classification",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("part_number", sa.String(120), nullable=False, index=True),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("hts_code", sa.String(10), nullable=False),  # digits only: "0101210010"
    sa.Column("rationale", sa.Text, nullable=False),
    sa.Column("approved_by", sa.String(120), nullable=False),
    sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
    sa.Column("hts_revision", sa.String(80), nullable=True),  # hts_us snapshot id approved against
    sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
)

# Screening review workflow (see :mod:`clearance.store.screening`).
# Dispositions are append-only: a reviewer's decision on one alert (a party against one list
# entry), never updated or deleted. A later disposition for the same (party_key, entity_id)
# supersedes an earlier one: the latest ``decided_at`` wins, then the highest ``id``.
screening_disposition = sa.Table(
    "screening_disposition",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("party_key", sa.String(64), nullable=False, index=True),  # sha256 of the canonical party
    sa.Column("party_name", sa.Text, nullable=False),  # the name as screened
    sa.Column("party_query", sa.JSON, nullable=False),  # the PartyQuery as screened
    sa.Column("entity_id", sa.String(160), nullable=False, index=True),
    sa.Column("list", sa.String(40), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),  # sha256 of the list entry decided on
    sa.Column("snapshot_id", sa.String(80), nullable=True),  # the list's snapshot at the time
    sa.Column("decision", sa.String(20), nullable=False),  # true_match | false_positive
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.String(120), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
    sa.Column("matcher_version", sa.String(40), nullable=False),
)

# Parties kept for re-screening when a list snapshot changes: the last screening's alerts
# ({entity_id: {"entry_hash", "band", "score", "list", "name"}}) and the snapshots it ran on.
screened_party = sa.Table(
    "screened_party",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("party_key", sa.String(64), nullable=False, unique=True),
    sa.Column("ref", sa.String(200), nullable=True),  # the client's own id for the party
    sa.Column("party_query", sa.JSON, nullable=False),
    sa.Column("first_screened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_screened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("alerts", sa.JSON, nullable=False),
    sa.Column("snapshots", sa.JSON, nullable=False),  # {dataset: snapshot id}
)

# Inspection results fed back to the risk model (see :mod:`clearance.risk.feedback`). Append-only:
# recording a declaration again adds a row, and the latest row per declaration_id is in force.
risk_inspection = sa.Table(
    "risk_inspection",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("declaration_id", sa.String(120), nullable=False, index=True),
    sa.Column("declaration", sa.JSON, nullable=False),  # the declaration's fields as inspected
    sa.Column("fraud", sa.SmallInteger, nullable=False),  # 0 / 1
    sa.Column("critical_fraud", sa.SmallInteger, nullable=True),  # 0 / 1 / 2
    sa.Column("recorded_by", sa.String(120), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
)

# Service records (see :mod:`clearance.service.records`): shipments as submitted, the reports
# checked on them, and batch jobs with their progress. Reports are never updated: a re-check
# adds a report.
shipment_record = sa.Table(
    "shipment_record",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(200), nullable=False, index=True),  # the shipment's own id
    sa.Column("payload", sa.JSON, nullable=False),  # the shipment as validated (JSON types)
    sa.Column("submitted_by", sa.String(120), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)
report_record = sa.Table(
    "report_record",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("shipment_id", sa.Integer, sa.ForeignKey("shipment_record.id"), nullable=False, index=True),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("decision", sa.String(20), nullable=False, index=True),
    sa.Column("findings", sa.Integer, nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Column("created_by", sa.String(120), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
job_record = sa.Table(
    "job_record",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),  # uuid4
    sa.Column("kind", sa.String(40), nullable=False),  # e.g. "check"
    sa.Column("status", sa.String(20), nullable=False),  # queued / running / done / failed
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("created_by", sa.String(120), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("error", sa.Text, nullable=True),
)

# Users and API tokens (see :mod:`clearance.service.users`). ``username`` is stored lower-case;
# ``password_hash`` is an argon2id hash; a token is stored only as the sha256 hex of its text.
app_user = sa.Table(
    "app_user",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(40), nullable=False),  # admin / compliance_officer / broker / auditor
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
    sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
)
api_token = sa.Table(
    "api_token",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False, index=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # sha256 hex of the token
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
)

# The audit trail (see :mod:`clearance.service.audit`). Append-only and hash-chained: ``id`` is
# assigned by the writer (the previous id + 1, so a deleted record leaves a gap), ``hash`` is the
# sha256 of the record's canonical JSON, which includes ``previous_hash``. Records leave only by
# the retention command, which stores an ``audit_anchor`` (the last pruned record's id and hash)
# so the remaining chain still verifies.
audit_record = sa.Table(
    "audit_record",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
    sa.Column("actor", sa.String(120), nullable=False, index=True),
    sa.Column("action", sa.String(60), nullable=False),  # report.created, disposition.recorded...
    sa.Column("subject", sa.String(200), nullable=False, index=True),  # report:12, user:kim...
    sa.Column("detail", sa.JSON, nullable=False),
    sa.Column("snapshots", sa.JSON, nullable=False),  # {dataset: snapshot id}
    sa.Column("previous_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)
audit_anchor = sa.Table(
    "audit_anchor",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("last_id", sa.Integer, nullable=False),  # the last pruned record
    sa.Column("last_hash", sa.String(64), nullable=False),  # its hash: the next record's previous_hash
    sa.Column("pruned", sa.Integer, nullable=False),
    sa.Column("before", sa.Date, nullable=False),
    sa.Column("created_by", sa.String(120), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
)

# Web sessions (see :mod:`clearance.service.sessions`). The cookie holds a random 256-bit id; only
# its sha256 hex is stored, with the user, the session's CSRF token and its times (UTC). A session
# expires ``expires_at`` (idle timeout, pushed back on each request) and is deleted on sign-out.
web_session = sa.Table(
    "web_session",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # sha256 hex of the cookie's value
    sa.Column("user_id", sa.Integer, sa.ForeignKey("app_user.id"), nullable=False, index=True),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

# The screening alerts of a stored report (its findings of the alert rules, with their position in
# the report's findings), written with the report: the review queue reads these rows, not every report.
report_alert = sa.Table(
    "report_alert",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("report_record.id"), nullable=False, index=True),
    sa.Column("position", sa.Integer, nullable=False),  # index of the finding in the report's findings
    sa.Column("finding", sa.JSON, nullable=False),  # the finding as in the report
)

# A stored report's dashboard figures (kind "rule": findings counted by rule id, value the count;
# kind "duty": duty by programme, value the amount as a decimal string), written with the report.
report_figure = sa.Table(
    "report_figure",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("report_record.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("value", sa.String(40), nullable=False),
)

# Failed web sign-ins (the name as typed, normalised, whether or not such a user exists), kept for
# the throttling window only: see :mod:`clearance.service.sign_in_limit`.
sign_in_failure = sa.Table(
    "sign_in_failure",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
    sa.Index("ix_sign_in_failure_username_at", "username", "at"),
)

# A person's override of a report's decision (see :func:`clearance.service.records.override_report`):
# append-only; the latest row per report is in force, and the report itself is never rewritten.
report_override = sa.Table(
    "report_override",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("report_id", sa.Integer, sa.ForeignKey("report_record.id"), nullable=False, index=True),
    sa.Column("decision", sa.String(20), nullable=False),  # clear / review / hold
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.String(120), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),  # stored as UTC
)
