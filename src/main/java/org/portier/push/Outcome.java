package org.portier.push;

import java.time.Duration;

/**
 * What one attempt came to, in provider-neutral terms.
 *
 * @param reason provider's reason word for anything but acceptance (BadDeviceToken, UNREGISTERED, ...)
 * @param providerId apns-id or FCM message name when accepted
 * @param tokenDead the provider says the token will never work again
 * @param retryAfter the provider's Retry-After, or null
 */
record Outcome(Kind kind, String reason, String providerId, boolean tokenDead, Duration retryAfter) {
  enum Kind { ACCEPTED, REJECTED, RETRY, FAILED }

  static Outcome accepted(String providerId) {
    return new Outcome(Kind.ACCEPTED, null, providerId, false, null);
  }

  static Outcome rejected(String reason, boolean tokenDead) {
    return new Outcome(Kind.REJECTED, reason, null, tokenDead, null);
  }

  static Outcome retry(String reason) {
    return new Outcome(Kind.RETRY, reason, null, false, null);
  }

  static Outcome retry(String reason, Duration retryAfter) {
    return new Outcome(Kind.RETRY, reason, null, false, retryAfter);
  }

  /** Not the provider's verdict and not worth repeating (a payload the client library refuses). */
  static Outcome failed(String reason) {
    return new Outcome(Kind.FAILED, reason, null, false, null);
  }
}
