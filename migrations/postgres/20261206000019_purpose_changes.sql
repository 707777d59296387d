-- Answers on changed purposes (APPI 17条2項, 18条1項): same as SQLite. Each answer is kept
-- as given; a later one for the same purpose supersedes it.
CREATE TABLE publication_purpose_answers (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    draft_id      BIGINT NOT NULL REFERENCES publication_drafts (id),
    scope         TEXT NOT NULL CHECK (scope IN ('category', 'use', 'joint_use')),
    scope_id      TEXT NOT NULL,             -- the category's or purpose area's stable id
    purpose       TEXT NOT NULL,             -- the purpose as the draft words it
    previous      TEXT,                      -- the published wording it replaces, if any
    answer        TEXT NOT NULL CHECK (answer IN ('related', 'consent')),
    consent_note  TEXT,                      -- how consent is or was obtained
    answered_by   BIGINT NOT NULL REFERENCES staff (id),
    answered_at   TEXT NOT NULL,
    CHECK ((answer = 'related' AND consent_note IS NULL)
        OR (answer = 'consent' AND consent_note IS NOT NULL AND consent_note <> ''))
);
CREATE INDEX publication_purpose_answers_draft ON publication_purpose_answers (draft_id, id);

CREATE TRIGGER publication_purpose_answers_kept BEFORE UPDATE OR DELETE ON publication_purpose_answers
FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER publication_purpose_answers_no_truncate BEFORE TRUNCATE ON publication_purpose_answers
FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
