-- Finished outbox rows are purged after push.keepFinished; this index lets the purge find the
-- oldest ones without scanning the table.
CREATE INDEX push_outbox_updated ON push_outbox(updated_at);
