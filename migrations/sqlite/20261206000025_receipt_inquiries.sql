-- レセプト disclosed as insurers do: before a 開示 that includes the レセプト, the society asks
-- each 医療機関 concerned whether disclosure could harm the patient (病名告知 etc.), as
-- MHLW's notice 「診療報酬明細書等の被保険者への開示について」 expects. One inquiry (照会)
-- per request and 医療機関; its answer is given once: 'no_objection' (支障なし) or
-- 'objection' (支障あり, with its reason — the basis of a 33条2項1号 withholding).
--
-- The レセプト themselves are copies from the core system uploaded into the package: a
-- package file names the inquiry (the 医療機関) it is the レセプト of.
CREATE TABLE receipt_inquiries (
    id           INTEGER PRIMARY KEY,
    request_id   BIGINT NOT NULL REFERENCES requests (id),
    provider     TEXT NOT NULL,                    -- 医療機関等名称
    reply_by     TEXT NOT NULL,                    -- YYYY-MM-DD, Asia/Tokyo
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
