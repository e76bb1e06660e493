package org.portier.mobile;

/**
 * A refusal that is not a malformed request: rate limits (429 with Retry-After) and unavailable
 * services (503). Rendered as the envelope by {@link MobileFace}; no stack trace is captured.
 */
final class MobileError extends RuntimeException {
  private final int status;
  private final long retryAfterSeconds;

  MobileError(int status, String message) {
    this(status, message, 0);
  }

  MobileError(int status, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  int status() {
    return status;
  }

  /** Seconds for the Retry-After header; 0 when the header is not sent. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
