-- 再交付: a 開示 result carried out again after its download period ended. The first
-- delivery's record stays readable when its archive is disposed of: `manifest` (JSON) lists
-- each file of the archive (name, size, SHA-256), each section's title and row count, the
-- added files' titles and the withheld items with their grounds. Packages frozen before this
-- migration have none.
ALTER TABLE disclosure_packages ADD COLUMN manifest TEXT;

-- A re-issue prepared by staff from the data as it is now, waiting for a 責任者 other than
-- the one who prepared it. On approval its archive moves into the package (the row keeps
-- no bytes); on cancellation the archive is dropped. `first_manifest` is the package's
-- manifest when it was prepared (NULL: the first delivery had none).
CREATE TABLE package_reissues (
    id              INTEGER PRIMARY KEY,
    package_id      BIGINT NOT NULL REFERENCES disclosure_packages (id),
    archive         BLOB,
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
-- At most one pending re-issue per package.
CREATE UNIQUE INDEX package_reissues_one_pending ON package_reissues (package_id) WHERE status = 'pending';
