-- MX users (issue 4): one row per Portier user with a live MX session, so a restart reconnects them.
-- login is the provisioning user name; the MX password is sealed with SecretBox (store.secretKeyFile).
-- state: READY, RECONNECTING, or FAILED (MX refused the stored credentials; not retried until the
-- user logs in again).
CREATE TABLE mx_users (
  login VARCHAR(255) PRIMARY KEY,
  host VARCHAR(255) NOT NULL,
  port INTEGER NOT NULL,
  mx_login VARCHAR(255) NOT NULL,
  mx_password_enc VARCHAR(1024) NOT NULL,
  state VARCHAR(16) NOT NULL,
  ext VARCHAR(64),
  jid VARCHAR(64),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  last_error VARCHAR(1024)
);
