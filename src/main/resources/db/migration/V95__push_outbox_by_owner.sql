-- A node's unfinished rows are found by owner and state (the resume at start, the lease renewal every
-- few seconds); without this index each of those scans the whole outbox, finished rows included:
-- 4.5 s at 100,000 rows, which held the start (and so the HTTP port) back.
CREATE INDEX push_outbox_owner_state ON push_outbox(owner, state, id);
