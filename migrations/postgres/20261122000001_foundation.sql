-- Foundation: published versions of the 公表事項 and the append-only audit record.
-- Same columns and text encodings as the SQLite schema, so one SQL text serves both.

CREATE TABLE publication_versions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_key     TEXT NOT NULL UNIQUE,
    label          TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    body           TEXT NOT NULL,
    body_sha256    TEXT NOT NULL,
    published_at   TEXT NOT NULL
);
CREATE INDEX publication_versions_effective ON publication_versions (effective_date, id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;

CREATE TRIGGER publication_versions_immutable BEFORE UPDATE OR DELETE ON publication_versions
FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE audit_events (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at       TEXT NOT NULL,
    actor_kind        TEXT NOT NULL CHECK (actor_kind IN ('anonymous', 'member', 'staff', 'system')),
    actor_id          TEXT,
    actor_role        TEXT,
    subject_member_id BIGINT,
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

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION refuse_change();
-- TRUNCATE bypasses row triggers.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
