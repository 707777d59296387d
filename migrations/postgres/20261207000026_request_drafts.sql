-- The member's request form in steps keeps the answers between its pages here, until the
-- request is sent (the row goes in the same transaction) or a day has passed (the
-- maintenance job removes it). `nonce` never leaves the server: the confirmation the
-- confirm page shows is computed with it, so a confirmation cannot be made up, and any
-- change of an answer makes a new one.
CREATE TABLE request_drafts (
    member_id        BIGINT NOT NULL REFERENCES members (id),
    request_type     TEXT NOT NULL,
    answers          TEXT NOT NULL,   -- JSON: [[name, value], …] as posted, checked at each step
    nonce            TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,   -- RFC 3339 UTC
    PRIMARY KEY (member_id, request_type)
);
CREATE INDEX request_drafts_updated ON request_drafts (updated_at);
