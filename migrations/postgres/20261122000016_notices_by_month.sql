-- A month's export covers nearly every member. Keyed person first, each file wrote into
-- a leaf of the key's index for nearly every person; keyed month first, a new month's file
-- is an append at the index's end, and a person's year is twelve short look-ups (the
-- queries name the months).
ALTER TABLE notice_lines DROP CONSTRAINT notice_lines_pkey;
ALTER TABLE notice_lines ADD PRIMARY KEY (month, member_id, provider, category);

-- Each person's newest month with lines (which the month-first key cannot answer cheaply):
-- a member's page opens on the newest year with data. Kept by the import.
CREATE TABLE notice_latest (
    member_id BIGINT PRIMARY KEY REFERENCES members (id),
    month     TEXT NOT NULL
);
INSERT INTO notice_latest (member_id, month) SELECT member_id, MAX(month) FROM notice_lines GROUP BY member_id;
