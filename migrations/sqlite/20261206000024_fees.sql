-- 38条: a request's fee, once paid or waived. One row per request (never two); no row
-- while the fee is due. The amount due is requests.fee_yen, fixed when the request came.
CREATE TABLE fee_settlements (
    request_id     INTEGER PRIMARY KEY REFERENCES requests (id),
    kind           TEXT NOT NULL CHECK (kind IN ('paid', 'waived')),
    paid_on        TEXT,
    method         TEXT CHECK (method IS NULL OR method IN ('registered_mail', 'counter_cash', 'bank_transfer')),
    amount_yen     INTEGER CHECK (amount_yen IS NULL OR amount_yen > 0),
    waiver_reason  TEXT,
    recorded_by    INTEGER NOT NULL REFERENCES staff (id),
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'paid' AND paid_on IS NOT NULL AND method IS NOT NULL AND amount_yen IS NOT NULL AND waiver_reason IS NULL)
        OR (kind = 'waived' AND waiver_reason IS NOT NULL AND paid_on IS NULL AND method IS NULL AND amount_yen IS NULL))
);
