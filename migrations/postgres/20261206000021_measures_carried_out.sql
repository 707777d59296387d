-- 35条 measures carried out, not only marked (see the SQLite migration of the same name).

ALTER TABLE request_decisions ADD COLUMN measure_scope TEXT;

ALTER TABLE data_restrictions ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE data_restrictions ADD COLUMN receipt_number TEXT;
UPDATE data_restrictions d SET receipt_number = r.receipt_number FROM requests r WHERE r.id = d.request_id;
ALTER TABLE data_restrictions ALTER COLUMN receipt_number SET NOT NULL;
ALTER TABLE data_restrictions ADD COLUMN scope TEXT;
ALTER TABLE data_restrictions ADD COLUMN recipient TEXT;
ALTER TABLE data_restrictions ADD COLUMN erased_count BIGINT;
ALTER TABLE data_restrictions DROP CONSTRAINT data_restrictions_marking_check;
ALTER TABLE data_restrictions ADD CONSTRAINT data_restrictions_marking_check CHECK (marking IN ('use_stopped', 'erased',
    'provision_stopped', 'alternative', 'excluded_from_use', 'erase_at_retention_end'));
CREATE INDEX data_restrictions_request ON data_restrictions (request_id);

-- A 消去 carried out is a disposal too, recorded with its reason (the decision).
ALTER TABLE disposal_records ADD COLUMN reason TEXT;
