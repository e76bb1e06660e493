package org.portier.mxproxy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens whose ES256 signature already checked out. An app sends the same token on every request
 * for up to jwt.tokenTTL, and an ECDSA verification costs about a millisecond of CPU; remembering
 * the exact token string makes every request after the first cost a map lookup. Only the
 * signature is remembered: expiry and the signing key's age are checked on every request. Bounded
 * (least recently used goes first) so a flood of distinct valid tokens cannot grow it without end.
 */
final class VerifiedSignatures {
  private final Map<String, Boolean> tokens;

  VerifiedSignatures(int capacity) {
    this.tokens = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Routes of several event loops share one instance, hence the lock (held for a map operation only). */
  synchronized boolean known(String token) {
    return tokens.get(token) != null;
  }

  synchronized void remember(String token) {
    tokens.put(token, Boolean.TRUE);
  }
}
