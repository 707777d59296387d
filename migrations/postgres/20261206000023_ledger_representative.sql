-- 30条1項1号: a receipt from a corporation records its representative's name
-- (法人にあっては、その代表者の氏名), confirmed and recorded with the receipt.
ALTER TABLE provision_records ADD COLUMN counterparty_representative TEXT;
