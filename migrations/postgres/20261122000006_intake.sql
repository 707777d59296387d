-- Requests that arrive on paper (seed 003: 様式1 開示依頼書, 様式2 利用停止等依頼書) or at
-- the counter, entered by staff into the same lifecycle: the day the request arrived (the
-- clock starts then), who sent it (they may have no portal account: a former member, an
-- agent, a 議員 or 従業員 whose data the society holds), how identity was checked and by
-- whom. The scan of the form is one of the request's attachments.
CREATE TABLE request_intakes (
    request_id        BIGINT PRIMARY KEY REFERENCES requests (id),
    idempotency_key   TEXT NOT NULL UNIQUE,
    arrived_on        TEXT NOT NULL,                 -- Asia/Tokyo civil date
    subject_kind      TEXT NOT NULL CHECK (subject_kind IN ('registry', 'councillor', 'employee', 'other')),
    subject_name      TEXT NOT NULL,                 -- as written on the form
    requester_name    TEXT NOT NULL,
    requester_address TEXT NOT NULL,                 -- where the letters are posted
    requester_phone   TEXT NOT NULL,
    id_document       TEXT NOT NULL,
    id_check          TEXT NOT NULL CHECK (id_check IN ('presented', 'copy_by_post')),
    checked_by        BIGINT NOT NULL REFERENCES staff (id),
    entered_by        BIGINT NOT NULL REFERENCES staff (id),
    entered_at        TEXT NOT NULL
);

CREATE TRIGGER request_intakes_kept BEFORE UPDATE OR DELETE ON request_intakes
FOR EACH ROW EXECUTE FUNCTION refuse_change();
