package org.portier.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST ephemeral credentials (draft-uberti-behave-turn-rest-00), as coturn checks them with
 * {@code use-auth-secret}: username = "&lt;expiry unix seconds&gt;:&lt;user&gt;" (the timestamp is the
 * expiry, and it comes first because strict servers only parse that order), password =
 * base64(HMAC-SHA1(shared secret, username)). Pure functions; the secret never leaves this class.
 */
public record TurnCredentials(String username, String password) {

  /** Mints credentials for {@code user} that coturn accepts until {@code expiryEpochSeconds}. */
  public static TurnCredentials mint(String secret, String user, long expiryEpochSeconds) {
    if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("the TURN secret is empty");
    String username = expiryEpochSeconds + ":" + user;
    return new TurnCredentials(username, password(secret, username));
  }

  /** base64(HMAC-SHA1(secret, username)): the password coturn recomputes for a REST username. */
  public static String password(String secret, String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  /** Masks the password so the pair can be logged. */
  @Override
  public String toString() {
    return "TurnCredentials[" + username + ", password=***]";
  }
}
