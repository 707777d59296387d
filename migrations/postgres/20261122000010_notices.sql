-- 医療費のお知らせ: one line per レセプト — a person, a month of care, a provider and a
-- kind of care (入院 and 外来 are billed apart) — loaded from the レセプト system's export.
-- That natural key makes a re-import idempotent and a corrected レセプト an update; it is
-- the primary key.
CREATE TABLE notice_lines (
    member_id   BIGINT NOT NULL REFERENCES members (id),    -- 受診者
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
    PRIMARY KEY (member_id, month, provider, category)
);

-- 世帯表示: whether a person's notice lines are shown to the 被保険者 of their household.
-- The latest row per person counts; rows are never changed, so every consent, revocation
-- and opt-out stays on record with who recorded it.
CREATE TABLE household_display (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   BIGINT NOT NULL REFERENCES members (id),
    choice      TEXT NOT NULL CHECK (choice IN ('consent', 'opt_out')),
    source      TEXT NOT NULL CHECK (source IN ('self', 'paper')),
    recorded_by BIGINT REFERENCES staff (id),               -- staff, for a paper form
    paper_date  TEXT,                                       -- the date on the paper form
    recorded_at TEXT NOT NULL,
    CHECK ((source = 'paper') = (recorded_by IS NOT NULL))
);
CREATE INDEX household_display_member ON household_display (member_id, id);

CREATE TRIGGER household_display_kept BEFORE UPDATE OR DELETE ON household_display
FOR EACH ROW EXECUTE FUNCTION refuse_change();
