-- Portier foundation schema. Standard SQL that runs on HSQLDB and PostgreSQL alike:
-- times are epoch milliseconds (BIGINT), ids come from id_sequences in blocks (Store.ids) and stay
-- small enough for the apps' 32-bit parsers, and secrets are stored only hashed (token_hash, code_hash, secret_digest) or
-- encrypted (secret_enc).

CREATE TABLE houses (
  id BIGINT PRIMARY KEY,
  address VARCHAR(500) NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE doors (
  id BIGINT PRIMARY KEY,
  house_id BIGINT NOT NULL REFERENCES houses(id) ON DELETE CASCADE,
  panel_id BIGINT NOT NULL,
  door_id INT NOT NULL,
  name VARCHAR(200) NOT NULL,
  icon VARCHAR(16) NOT NULL,
  dtmf VARCHAR(8) NOT NULL,
  snapshot_url VARCHAR(2000),
  caller_id VARCHAR(200),
  created_at BIGINT NOT NULL,
  CONSTRAINT doors_panel_output UNIQUE (panel_id, door_id)
);
CREATE INDEX doors_house ON doors(house_id);

CREATE TABLE flats (
  id BIGINT PRIMARY KEY,
  house_id BIGINT NOT NULL REFERENCES houses(id) ON DELETE CASCADE,
  number VARCHAR(16) NOT NULL,
  door_code VARCHAR(16),
  cms_enabled BOOLEAN DEFAULT TRUE NOT NULL,
  auto_open BIGINT DEFAULT 0 NOT NULL,
  white_rabbit INT DEFAULT 0 NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT flats_house_number UNIQUE (house_id, number)
);

CREATE TABLE subscribers (
  id BIGINT PRIMARY KEY,
  phone VARCHAR(16) NOT NULL,
  name VARCHAR(100) DEFAULT '' NOT NULL,
  patronymic VARCHAR(100) DEFAULT '' NOT NULL,
  last_name VARCHAR(100) DEFAULT '' NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT subscribers_phone UNIQUE (phone)
);

CREATE TABLE flat_subscribers (
  flat_id BIGINT NOT NULL REFERENCES flats(id) ON DELETE CASCADE,
  subscriber_id BIGINT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  role VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (flat_id, subscriber_id)
);
CREATE INDEX flat_subscribers_subscriber ON flat_subscribers(subscriber_id);

-- One row per logged-in app install. platform stays NULL until registerPushToken.
CREATE TABLE devices (
  id BIGINT PRIMARY KEY,
  subscriber_id BIGINT NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
  token_hash VARCHAR(64) NOT NULL,
  fingerprint VARCHAR(128) NOT NULL,
  platform VARCHAR(8),
  push_service VARCHAR(8),
  push_token VARCHAR(1024),
  push_token_dead BOOLEAN DEFAULT FALSE NOT NULL,
  voip_token VARCHAR(1024),
  voip_token_dead BOOLEAN DEFAULT FALSE NOT NULL,
  production BOOLEAN DEFAULT TRUE NOT NULL,
  bundle VARCHAR(200),
  voip_enabled BOOLEAN DEFAULT TRUE NOT NULL,
  ua VARCHAR(500),
  ip VARCHAR(64),
  app_version VARCHAR(64),
  last_seen BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT devices_token UNIQUE (token_hash)
);
CREATE INDEX devices_subscriber ON devices(subscriber_id);
CREATE INDEX devices_push_token ON devices(push_token);
CREATE INDEX devices_voip_token ON devices(voip_token);

-- Per device and flat settings (address/intercom); no row means the defaults (VoIP on).
CREATE TABLE device_flat_settings (
  device_id BIGINT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
  flat_id BIGINT NOT NULL REFERENCES flats(id) ON DELETE CASCADE,
  voip_enabled BOOLEAN DEFAULT TRUE NOT NULL,
  PRIMARY KEY (device_id, flat_id)
);

-- One outstanding OTP per phone.
CREATE TABLE otp_challenges (
  phone VARCHAR(16) PRIMARY KEY,
  code_hash VARCHAR(64) NOT NULL,
  expires_at BIGINT NOT NULL,
  attempts INT DEFAULT 0 NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE door_calls (
  id VARCHAR(36) PRIMARY KEY,
  flat_id BIGINT NOT NULL REFERENCES flats(id) ON DELETE CASCADE,
  door_row_id BIGINT,
  panel_id BIGINT,
  door_id INT,
  caller_id VARCHAR(200),
  state VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  ended_at BIGINT
);
CREATE INDEX door_calls_live ON door_calls(state, expires_at);

-- One leg per device of a door call. The one-time password (= the leg's hash) is kept encrypted
-- (to serve it to the SIP server) and as a SHA-256 digest (to find the leg from snapshot links).
CREATE TABLE door_call_legs (
  call_id VARCHAR(36) NOT NULL REFERENCES door_calls(id) ON DELETE CASCADE,
  extension VARCHAR(16) NOT NULL,
  device_id BIGINT NOT NULL,
  platform VARCHAR(8) NOT NULL,
  secret_enc VARCHAR(200) NOT NULL,
  secret_digest VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  fetched_at BIGINT,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (call_id, extension)
);
CREATE INDEX door_call_legs_digest ON door_call_legs(secret_digest);
CREATE INDEX door_call_legs_extension ON door_call_legs(extension);

-- Every push is written here before it is sent; a restart resumes what is not final.
CREATE TABLE push_outbox (
  id BIGINT PRIMARY KEY,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  device_id BIGINT,
  provider VARCHAR(8) NOT NULL,
  token VARCHAR(1024) NOT NULL,
  token_kind VARCHAR(8) NOT NULL,
  sandbox BOOLEAN DEFAULT FALSE NOT NULL,
  topic VARCHAR(256),
  push_type VARCHAR(16) NOT NULL,
  priority INT NOT NULL,
  expires_at BIGINT NOT NULL,
  payload VARCHAR(16000) NOT NULL,
  ref VARCHAR(64),
  state VARCHAR(16) NOT NULL,
  attempts INT DEFAULT 0 NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error VARCHAR(500),
  provider_id VARCHAR(200)
);
CREATE INDEX push_outbox_pending ON push_outbox(state, next_attempt_at);
CREATE INDEX push_outbox_ref ON push_outbox(ref);

-- Id allocation in blocks, portable across HSQLDB and PostgreSQL and safe for several nodes.
CREATE TABLE id_sequences (
  name VARCHAR(64) PRIMARY KEY,
  next_value BIGINT NOT NULL
);
INSERT INTO id_sequences (name, next_value) VALUES ('houses', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('doors', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('flats', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('subscribers', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('devices', 1);
INSERT INTO id_sequences (name, next_value) VALUES ('push_outbox', 1);
