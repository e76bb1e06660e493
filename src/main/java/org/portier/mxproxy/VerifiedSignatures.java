package org.portier.mxproxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens whose ES256 signature already checked out, with their key id and claims. An app sends
 * the same token on every request for up to jwt.tokenTTL, and an ECDSA verification costs about a
 * millisecond of CPU; remembering the exact token string makes every request after the first cost
 * a map lookup, without decoding it again. Expiry and the signing key's age are still checked on
 * every request. Bounded (least recently used goes first, a couple of hundred bytes each) so a
 * flood of distinct valid tokens cannot grow it without end.
 */
final class VerifiedSignatures {
  /** What is remembered of a verified token. */
  record Known(String kid, Jwt.Claims claims) {}

  private final Map<String, Known> tokens;

  VerifiedSignatures(int capacity) {
    this.tokens = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Routes of several event loops share one instance, hence the lock (held for a map operation only). */
  synchronized Known known(String token) {
    return tokens.get(token);
  }

  synchronized void remember(String token, Known known) {
    tokens.put(token, known);
  }
}
