-- Answers on changed purposes (APPI 17条2項, 18条1項): before a draft of the 公表事項
-- that adds or rewords a 利用目的 is approved, staff record for each such purpose whether
-- it stays within the range reasonably related to the purposes before the change
-- ('related', 17条2項) or goes beyond it, so that the person's consent is needed
-- ('consent', 18条1項) — then with how the consent is or was obtained. A purpose is named
-- by where it is published (a category's purposes, a purpose area's uses, a 共同利用's
-- purpose: `scope` and the stable id `scope_id`) and its words, so rewording it again asks
-- again. An answer is never changed: a later one for the same purpose supersedes it, and
-- both stay as the record of who judged what, and when.
CREATE TABLE publication_purpose_answers (
    id            INTEGER PRIMARY KEY,
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

CREATE TRIGGER publication_purpose_answers_no_update BEFORE UPDATE ON publication_purpose_answers
BEGIN SELECT RAISE(ABORT, 'answers on changed purposes are kept as given'); END;
CREATE TRIGGER publication_purpose_answers_no_delete BEFORE DELETE ON publication_purpose_answers
BEGIN SELECT RAISE(ABORT, 'answers on changed purposes are kept as given'); END;
