-- レセプト disclosed as insurers do (see the SQLite migration of the same name).
CREATE TABLE receipt_inquiries (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id   BIGINT NOT NULL REFERENCES requests (id),
    provider     TEXT NOT NULL,
    reply_by     TEXT NOT NULL,
    created_by   BIGINT NOT NULL REFERENCES staff (id),
    created_at   TEXT NOT NULL,
    answer       TEXT CHECK (answer IN ('no_objection', 'objection')),
    reason       TEXT,
    answered_by  BIGINT REFERENCES staff (id),
    answered_at  TEXT,
    UNIQUE (request_id, provider),
    CHECK (answer IS NULL OR (answered_by IS NOT NULL AND answered_at IS NOT NULL)),
    CHECK (answer IS NULL OR answer <> 'objection' OR (reason IS NOT NULL AND reason <> ''))
);
CREATE INDEX receipt_inquiries_request ON receipt_inquiries (request_id, id);

ALTER TABLE package_files ADD COLUMN receipt_inquiry_id BIGINT REFERENCES receipt_inquiries (id);
