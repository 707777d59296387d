-- Changes to the 公表事項 (APPI 17条2項, 21条3項): a draft is edited by staff, approved
-- by a second person (責任者) and published as a new immutable version. One draft at a
-- time, so two editors never publish over each other.
CREATE TABLE publication_drafts (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    base_version_id      BIGINT NOT NULL REFERENCES publication_versions (id),
    body                 TEXT NOT NULL,             -- the edited publication (JSON)
    revision             BIGINT NOT NULL,           -- optimistic versioning of edits
    status               TEXT NOT NULL CHECK (status IN ('open', 'published', 'discarded')),
    editors              TEXT NOT NULL,             -- JSON array of the staff ids who edited
    created_by           BIGINT NOT NULL REFERENCES staff (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    closed_by            BIGINT REFERENCES staff (id),
    closed_at            TEXT,
    published_version_id BIGINT REFERENCES publication_versions (id)
);
CREATE UNIQUE INDEX publication_drafts_one_open ON publication_drafts (status) WHERE status = 'open';

-- What members are told of a published change (21条3項), and when they acknowledged it.
CREATE TABLE publication_notices (
    version_id      BIGINT NOT NULL REFERENCES publication_versions (id),
    from_version_id BIGINT NOT NULL REFERENCES publication_versions (id),
    account_id      BIGINT NOT NULL REFERENCES member_accounts (id),
    created_at      TEXT NOT NULL,
    acknowledged_at TEXT,
    PRIMARY KEY (account_id, version_id)
);
