-- 再交付 of a 開示 result (see the SQLite migration of the same name).
ALTER TABLE disclosure_packages ADD COLUMN manifest TEXT;

CREATE TABLE package_reissues (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    package_id      BIGINT NOT NULL REFERENCES disclosure_packages (id),
    archive         BYTEA,
    archive_sha256  TEXT NOT NULL,
    archive_bytes   BIGINT NOT NULL,
    manifest        TEXT NOT NULL,
    first_manifest  TEXT,
    first_sha256    TEXT,
    first_bytes     BIGINT,
    reason          TEXT NOT NULL CHECK (reason <> ''),
    prepared_by     BIGINT NOT NULL REFERENCES staff (id),
    prepared_at     TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'cancelled')),
    decided_by      BIGINT REFERENCES staff (id),
    decided_at      TEXT,
    CHECK (status = 'pending' OR (decided_by IS NOT NULL AND decided_at IS NOT NULL)),
    CHECK (status = 'pending' OR archive IS NULL)
);
CREATE INDEX package_reissues_package ON package_reissues (package_id, id);
CREATE UNIQUE INDEX package_reissues_one_pending ON package_reissues (package_id) WHERE status = 'pending';
