-- A month's export covers nearly every member. Keyed person first, each file wrote into
-- a leaf of the table for nearly every person, so the import slowed as the table grew;
-- keyed month first, a new month's file is an append at the table's end, and a person's
-- year is twelve short look-ups (the queries name the months).
CREATE TABLE notice_lines_by_month (
    member_id   INTEGER NOT NULL REFERENCES members (id),   -- 受診者
    month       TEXT NOT NULL,                              -- 診療年月, YYYY-MM
    provider    TEXT NOT NULL,                              -- 医療機関等名称
    category    TEXT NOT NULL CHECK (category IN ('inpatient', 'outpatient', 'dental', 'pharmacy', 'home_nursing')),
    days        INTEGER NOT NULL CHECK (days >= 0),
    total_cost  BIGINT NOT NULL CHECK (total_cost >= 0),    -- 医療費総額 (円)
    copay       BIGINT NOT NULL CHECK (copay >= 0),         -- 窓口負担額
    high_cost   BIGINT NOT NULL CHECK (high_cost >= 0),     -- 高額療養費
    additional  BIGINT NOT NULL CHECK (additional >= 0),    -- 付加給付
    source      TEXT NOT NULL,                              -- 'import:<file sha256>'
    imported_at TEXT NOT NULL,
    PRIMARY KEY (month, member_id, provider, category)
) WITHOUT ROWID;
INSERT INTO notice_lines_by_month
    SELECT member_id, month, provider, category, days, total_cost, copay, high_cost, additional, source, imported_at
    FROM notice_lines ORDER BY month, member_id, provider, category;
DROP TABLE notice_lines;
ALTER TABLE notice_lines_by_month RENAME TO notice_lines;

-- Each person's newest month with lines (which the month-first key cannot answer cheaply):
-- a member's page opens on the newest year with data. Kept by the import.
CREATE TABLE notice_latest (
    member_id INTEGER PRIMARY KEY REFERENCES members (id),
    month     TEXT NOT NULL
);
INSERT INTO notice_latest (member_id, month) SELECT member_id, MAX(month) FROM notice_lines GROUP BY member_id;
