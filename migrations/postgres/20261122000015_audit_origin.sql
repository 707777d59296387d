-- Every audit event carries a MAC keyed by the server's secret key (records::origin), so
-- that verification names a row added behind the application's back, which the hash chain
-- alone cannot: the sealer seals whatever it finds. Events written before this column have
-- none; verification accepts that only below the first event that has one.
ALTER TABLE audit_events ADD COLUMN mac TEXT;
