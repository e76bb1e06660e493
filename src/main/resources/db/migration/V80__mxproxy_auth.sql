-- MX Proxy face (issue 4): JWT signing keys that survive a restart, and the devices' push tokens.

-- ES256 signing keys. The private key (PKCS#8) is sealed with the store's SecretBox (AES-256-GCM);
-- the public key (X.509 SubjectPublicKeyInfo) is kept in clear, base64. A key signs tokens for
-- jwt.signKeyTTL after created_at and verifies them for jwt.signKeyTTL + 2 x jwt.tokenTTL.
CREATE TABLE mx_jwt_keys (
  kid VARCHAR(32) PRIMARY KEY,
  private_key VARCHAR(1024) NOT NULL,
  public_key VARCHAR(512) NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX mx_jwt_keys_created ON mx_jwt_keys(created_at);

-- PUT /tokens/{apn|fcm}/{topic}/{token}: one row per device token; a token registered again by
-- another user moves to that user. login = the provisioning username (the JWT sub).
CREATE TABLE mx_push_tokens (
  token_type VARCHAR(8) NOT NULL,
  topic VARCHAR(255) NOT NULL,
  token VARCHAR(1024) NOT NULL,
  login VARCHAR(255) NOT NULL,
  sandbox BOOLEAN DEFAULT FALSE NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (token_type, topic, token)
);
CREATE INDEX mx_push_tokens_login ON mx_push_tokens(login);
