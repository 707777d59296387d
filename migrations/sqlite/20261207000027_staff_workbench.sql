-- What makes the 窓口's daily work faster: the reply and 補正依頼 templates staff keep
-- (with placeholders such as {受付番号}, checked when saved), each staff member's saved
-- queue filters, and whether their single-key shortcuts are on (WCAG 2.1.4: they can be
-- switched off).
CREATE TABLE reply_templates (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL CHECK (kind IN ('ask_member', 'reply')),
    body        TEXT NOT NULL,
    updated_by  BIGINT NOT NULL REFERENCES staff (id),
    updated_at  TEXT NOT NULL           -- RFC 3339 UTC
);

CREATE TABLE saved_filters (
    id          INTEGER PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    name        TEXT NOT NULL,
    query       TEXT NOT NULL,          -- the queue's query string, as the queue writes it back
    created_at  TEXT NOT NULL,
    UNIQUE (staff_id, name)
);

ALTER TABLE staff ADD COLUMN shortcuts_off BIGINT NOT NULL DEFAULT 0 CHECK (shortcuts_off IN (0, 1));
