-- 第三者提供記録 (APPI 29条) and 第三者提供を受ける際の確認記録 (30条): each provision of a
-- member's data to a third party, or receipt from one, with what the rules ask to be
-- recorded. 委託 and 共同利用 are not third-party provision (27条5項) and are never recorded
-- here. The records are disclosable to the member (33条5項), so they name the member.
CREATE TABLE provision_records (
    id                   INTEGER PRIMARY KEY,
    direction            TEXT NOT NULL CHECK (direction IN ('provided', 'received')),
    occurred_on          TEXT NOT NULL,                 -- Asia/Tokyo civil date
    counterparty         TEXT NOT NULL,                 -- 第三者 (or 提供者) の氏名又は名称
    counterparty_address TEXT,                          -- 提供者の住所 (30条)
    subject_member_id    INTEGER NOT NULL REFERENCES members (id),
    items                TEXT NOT NULL,                 -- 個人データの項目
    basis                TEXT NOT NULL CHECK (basis IN ('consent', 'law')),
    basis_detail         TEXT NOT NULL,                 -- the consent, or the law permitting it
    acquisition          TEXT,                          -- 提供者による取得の経緯 (30条)
    recorded_by          INTEGER NOT NULL REFERENCES staff (id),
    recorded_at          TEXT NOT NULL
);
CREATE INDEX provision_records_subject ON provision_records (subject_member_id, occurred_on);

CREATE TRIGGER provision_records_no_update BEFORE UPDATE ON provision_records
BEGIN SELECT RAISE(ABORT, 'provision records are kept as recorded'); END;
