-- Inbox messages (seed 000 text pushes, contract §7) and house/flat broadcasts.

-- A broadcast accepted by POST /messages {flatId|houseId}. It is written before the answer, and the
-- inbox actor fans it out in batches: cursor_id is the highest subscriber id whose message is stored
-- (advanced in the same transaction as the batch's inserts, compare-and-set, so a restart or a second
-- node never stores a message twice); pushed_cursor_id the highest one whose pushes were handed to
-- the push actor (a restart re-pushes the batch in between).
CREATE TABLE message_broadcasts (
  id BIGINT PRIMARY KEY,
  target_kind VARCHAR(8) NOT NULL,
  target_id BIGINT NOT NULL,
  title VARCHAR(200) NOT NULL,
  body VARCHAR(5000) NOT NULL,
  action VARCHAR(16) NOT NULL,
  ext VARCHAR(64),
  state VARCHAR(16) NOT NULL,
  recipients INT NOT NULL,
  stored INT DEFAULT 0 NOT NULL,
  queued INT DEFAULT 0 NOT NULL,
  cursor_id BIGINT DEFAULT 0 NOT NULL,
  pushed_cursor_id BIGINT DEFAULT 0 NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE INDEX message_broadcasts_state ON message_broadcasts(state);

CREATE TABLE inbox_messages (
  id BIGINT PRIMARY KEY,
  subscriber_id BIGINT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  broadcast_id BIGINT,
  title VARCHAR(200) NOT NULL,
  body VARCHAR(5000) NOT NULL,
  action VARCHAR(16) NOT NULL,
  ext VARCHAR(64),
  created_at BIGINT NOT NULL,
  delivered_at BIGINT,
  read_at BIGINT,
  -- one message per subscriber and broadcast (NULLs, the direct messages, are distinct)
  CONSTRAINT inbox_messages_broadcast UNIQUE (broadcast_id, subscriber_id)
);
-- unread counts (badge, inbox/unreaded) and the subscriber's page
CREATE INDEX inbox_messages_unread ON inbox_messages(subscriber_id, read_at);

INSERT INTO id_sequences (name, next_value) VALUES ('inbox_messages', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('message_broadcasts', 1);
