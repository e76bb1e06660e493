-- The rest of the resident contract (issue 3): guest access with an expiry, per-device
-- notification switches, and verification calls for the outgoingCall login method.

-- A membership granted through address/access may end; NULL = no end (operator memberships).
-- Expired rows stay (the owner sees nothing, door calls skip them) until access is granted again.
ALTER TABLE flat_subscribers ADD COLUMN expires_at BIGINT;

-- user/notification, per device: texts about money (money) and all other texts (enable).
ALTER TABLE devices ADD COLUMN notify_money BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE devices ADD COLUMN notify_enable BOOLEAN DEFAULT TRUE NOT NULL;

-- Calls the SIP server saw from a phone to one of otp.confirmationNumbers; one call logs in once.
CREATE TABLE verification_calls (
  id BIGINT PRIMARY KEY,
  from_phone VARCHAR(16) NOT NULL,
  to_number VARCHAR(32) NOT NULL,
  called_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX verification_calls_from ON verification_calls(from_phone, called_at);
INSERT INTO id_sequences (name, next_value) VALUES ('verification_calls', 1);
