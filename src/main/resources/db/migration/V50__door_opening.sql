-- Door opening from the app (address/openDoor) and answered door-call legs.
-- A door's open action: an HTTP request template sent to the panel (or its controller). The
-- request headers usually carry the panel's credentials, so they are kept only encrypted
-- (open_headers_enc, SecretBox); open_header_names lists their names for the operator API.
ALTER TABLE doors ADD COLUMN open_url VARCHAR(2000);
ALTER TABLE doors ADD COLUMN open_method VARCHAR(8);
ALTER TABLE doors ADD COLUMN open_body VARCHAR(4000);
ALTER TABLE doors ADD COLUMN open_content_type VARCHAR(200);
ALTER TABLE doors ADD COLUMN open_headers_enc VARCHAR(12000);
ALTER TABLE doors ADD COLUMN open_header_names VARCHAR(2000);
ALTER TABLE doors ADD COLUMN open_timeout_ms BIGINT;

-- An operator's block of a flat (unpaid, by request...): the reason shown to the residents, NULL
-- when not blocked. A blocked flat's residents cannot open doors from the app.
ALTER TABLE flats ADD COLUMN blocked VARCHAR(200);

-- One row per door-open attempt: who (subscriber, device), which door, when, how, the result
-- (ok, failed with the reason, refused when the caller is not a resident of the door's house or
-- the flat is blocked)
-- and how long the panel took. Kept with the house; the door and the people may go away.
CREATE TABLE door_openings (
  id BIGINT PRIMARY KEY,
  house_id BIGINT NOT NULL REFERENCES houses(id) ON DELETE CASCADE,
  door_row_id BIGINT NOT NULL,
  panel_id BIGINT NOT NULL,
  door_id INT NOT NULL,
  flat_id BIGINT,
  subscriber_id BIGINT NOT NULL,
  device_id BIGINT NOT NULL,
  via VARCHAR(16) NOT NULL,
  result VARCHAR(16) NOT NULL,
  reason VARCHAR(500),
  latency_ms BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX door_openings_house ON door_openings(house_id, created_at);
CREATE INDEX door_openings_device ON door_openings(device_id, created_at);
INSERT INTO id_sequences (name, next_value) VALUES ('door_openings', 1);

-- Answered door calls: when, and which leg (that leg's state becomes 'answered', the others 'revoked').
ALTER TABLE door_calls ADD COLUMN answered_at BIGINT;
ALTER TABLE door_calls ADD COLUMN answered_extension VARCHAR(16);
