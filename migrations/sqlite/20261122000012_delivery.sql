-- Carrying decisions out: disclosure packages (33条) with their redactions (33条2項) and
-- delivery (33条1項: download in the portal, or post); correction instructions for the
-- core system (34条) and what later imports did with them; 利用停止等 markings (35条).

CREATE TABLE disclosure_packages (
    id                  INTEGER PRIMARY KEY,
    request_id          BIGINT NOT NULL UNIQUE REFERENCES requests (id),
    subject_member_id   BIGINT REFERENCES members (id),
    -- open: staff assemble it; frozen: the archive the approver sees is built and kept;
    -- released: approved, the member (or 本人) may have it.
    status              TEXT NOT NULL CHECK (status IN ('open', 'frozen', 'released')),
    revision            BIGINT NOT NULL,
    archive             BLOB,
    archive_sha256      TEXT,
    archive_bytes       BIGINT,
    built_at            TEXT,
    released_at         TEXT,
    expires_at          TEXT,                      -- downloads end (UTC instant)
    recipient_member_id BIGINT REFERENCES members (id),
    posted_on           TEXT,                      -- 書面: the date it was posted
    posted_by           BIGINT REFERENCES staff (id),
    created_by          BIGINT NOT NULL REFERENCES staff (id),
    created_at          TEXT NOT NULL
);

-- A structured field or record left out, with its legal ground. Never the value itself.
CREATE TABLE package_exclusions (
    id          INTEGER PRIMARY KEY,
    package_id  BIGINT NOT NULL REFERENCES disclosure_packages (id),
    item        TEXT NOT NULL,
    ground      TEXT NOT NULL CHECK (ground IN ('harm_to_person', 'business', 'law')),
    note        TEXT NOT NULL,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL,
    UNIQUE (package_id, item)
);

-- Files from other systems (core extracts, 健診). A file replaced by a redacted version is
-- kept for the record but never delivered.
CREATE TABLE package_files (
    id           INTEGER PRIMARY KEY,
    package_id   BIGINT NOT NULL REFERENCES disclosure_packages (id),
    title        TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('pdf', 'jpeg', 'png')),
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    replaces_id  BIGINT REFERENCES package_files (id),
    ground       TEXT CHECK (ground IN ('harm_to_person', 'business', 'law')),
    note         TEXT,
    withdrawn    BIGINT NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
    staff_id     BIGINT NOT NULL REFERENCES staff (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX package_files_package ON package_files (package_id, id);

-- One-time download tickets: minted after step-up, good for minutes, used once.
CREATE TABLE download_tickets (
    token_hash  TEXT PRIMARY KEY,
    package_id  BIGINT NOT NULL REFERENCES disclosure_packages (id),
    member_id   BIGINT NOT NULL REFERENCES members (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);

CREATE TABLE package_downloads (
    id            INTEGER PRIMARY KEY,
    package_id    BIGINT NOT NULL REFERENCES disclosure_packages (id),
    member_id     BIGINT NOT NULL REFERENCES members (id),
    downloaded_at TEXT NOT NULL
);
CREATE INDEX package_downloads_package ON package_downloads (package_id, id);

-- 34条: an approved 訂正 for the core system. pending → done when an import carries the
-- new value; the portal's registry is only a copy and is never edited by hand.
CREATE TABLE correction_instructions (
    id           INTEGER PRIMARY KEY,
    request_id   BIGINT NOT NULL REFERENCES requests (id),
    member_id    BIGINT NOT NULL REFERENCES members (id),
    field        TEXT NOT NULL,
    old_value    TEXT NOT NULL,
    new_value    TEXT NOT NULL,
    approved_by  BIGINT NOT NULL REFERENCES staff (id),
    created_at   TEXT NOT NULL,
    exported_at  TEXT,
    status       TEXT NOT NULL CHECK (status IN ('pending', 'done')),
    done_at      TEXT,
    done_source  TEXT
);
CREATE INDEX correction_instructions_member ON correction_instructions (member_id, status);

-- An import that would have brought a corrected value back: kept for staff, not applied.
CREATE TABLE registry_conflicts (
    id             INTEGER PRIMARY KEY,
    instruction_id BIGINT NOT NULL REFERENCES correction_instructions (id),
    member_id      BIGINT NOT NULL REFERENCES members (id),
    field          TEXT NOT NULL,
    imported_value TEXT NOT NULL,
    kept_value     TEXT NOT NULL,
    source         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    resolved_at    TEXT
);

-- 35条: what a 利用停止等 decision changed about a member's data.
CREATE TABLE data_restrictions (
    id          INTEGER PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members (id),
    request_id  BIGINT NOT NULL REFERENCES requests (id),
    measure     TEXT NOT NULL,                     -- requests::draft::Measure
    target      TEXT NOT NULL,                     -- what the member named
    marking     TEXT NOT NULL CHECK (marking IN ('excluded_from_use', 'provision_stopped', 'erase_at_retention_end', 'alternative')),
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX data_restrictions_member ON data_restrictions (member_id, id);
