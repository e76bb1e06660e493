package org.portier.push;

import java.util.List;

/** The words stored in push_outbox.state; the door-call status page and the admin face read them. */
public final class PushState {
  private PushState() {}

  /** Persisted, not yet answered by the provider. */
  public static final String QUEUED = "queued";
  /** The provider took it. Final. */
  public static final String ACCEPTED = "accepted";
  /** The provider refused it for good (last_error holds the reason, e.g. BadDeviceToken, UNREGISTERED). Final. */
  public static final String REJECTED = "rejected";
  /** Gave up: push.maxAttempts reached or an error that no retry can fix. Final. */
  public static final String FAILED = "failed";
  /** A retryable failure happened; next_attempt_at says when it goes again. */
  public static final String RETRYING = "retrying";
  /** Its TTL passed before it could be delivered. Final. */
  public static final String EXPIRED = "expired";
  /** No credentials for its provider; it waits for a config reload that brings them. */
  public static final String NO_PROVIDER = "no_provider";

  /** States a restart resumes. */
  public static final List<String> PENDING = List.of(QUEUED, RETRYING, NO_PROVIDER);
}
