-- Push: when a provider says a token is dead, the other pending rows for that token are rejected
-- by token; without this index that UPDATE would scan the whole outbox.
CREATE INDEX push_outbox_token ON push_outbox(token);

-- Which node works on an unfinished row, and until when it has promised to renew that claim
-- (epoch ms). Rows written before this migration have no owner and an expired lease: any node takes them.
ALTER TABLE push_outbox ADD COLUMN owner VARCHAR(64);
ALTER TABLE push_outbox ADD COLUMN lease_until BIGINT DEFAULT 0 NOT NULL;
