-- Push: when a provider says a token is dead, the other pending rows for that token are rejected
-- by token; without this index that UPDATE would scan the whole outbox.
CREATE INDEX push_outbox_token ON push_outbox(token);
