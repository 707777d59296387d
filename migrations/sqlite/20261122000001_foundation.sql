-- Foundation: published versions of the 公表事項 and the append-only audit record.
-- Instants are RFC 3339 UTC text; civil dates (Asia/Tokyo) are YYYY-MM-DD text.

CREATE TABLE publication_versions (
    id             INTEGER PRIMARY KEY,
    source_key     TEXT NOT NULL UNIQUE,      -- effective date + body hash: publishing is idempotent
    label          TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    body           TEXT NOT NULL,             -- the structured publication (JSON)
    body_sha256    TEXT NOT NULL,
    published_at   TEXT NOT NULL
);
CREATE INDEX publication_versions_effective ON publication_versions (effective_date, id);

-- A published version is never edited in place.
CREATE TRIGGER publication_versions_no_update BEFORE UPDATE ON publication_versions
BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
CREATE TRIGGER publication_versions_no_delete BEFORE DELETE ON publication_versions
BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;

CREATE TABLE audit_events (
    id                INTEGER PRIMARY KEY,    -- append order
    occurred_at       TEXT NOT NULL,
    actor_kind        TEXT NOT NULL CHECK (actor_kind IN ('anonymous', 'member', 'staff', 'system')),
    actor_id          TEXT,
    actor_role        TEXT,
    subject_member_id INTEGER,
    action            TEXT NOT NULL,
    data_category     TEXT,
    record_ref        TEXT,
    purpose           TEXT,
    outcome           TEXT NOT NULL CHECK (outcome IN ('allowed', 'refused')),
    ip                TEXT,
    user_agent        TEXT,
    request_id        TEXT,
    detail            TEXT
);
CREATE INDEX audit_events_subject ON audit_events (subject_member_id, id);
CREATE INDEX audit_events_actor ON audit_events (actor_kind, actor_id, id);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
