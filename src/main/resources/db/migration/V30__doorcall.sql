-- Door calls: what the call start had to say about devices that got no leg (JSON array of
-- {"deviceId", "reason"}), shown by GET /door-calls/{id}; and lookups of live legs at restart.
ALTER TABLE door_calls ADD COLUMN notes VARCHAR(4000);
CREATE INDEX door_call_legs_live ON door_call_legs(state, expires_at);
