-- 資格情報: the member registry, a copy of the core system, with the history of every
-- change an import (or later a correction) made to it.

CREATE TABLE members (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    insurer_number TEXT NOT NULL,
    symbol         TEXT NOT NULL,
    number         TEXT NOT NULL,
    branch         TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_kana      TEXT NOT NULL,
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('male', 'female')),
    relationship   TEXT NOT NULL CHECK (relationship IN ('insured', 'spouse', 'child', 'parent', 'other')),
    postal_code    TEXT NOT NULL,
    address        TEXT NOT NULL,
    acquired_on    TEXT NOT NULL,
    lost_on        TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (insurer_number, symbol, number, branch)
);
CREATE INDEX members_household ON members (insurer_number, symbol, number);

CREATE TABLE member_history (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members (id),
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    source     TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX member_history_member ON member_history (member_id, id);

CREATE TRIGGER member_history_append_only BEFORE UPDATE OR DELETE ON member_history
FOR EACH ROW EXECUTE FUNCTION refuse_change();
