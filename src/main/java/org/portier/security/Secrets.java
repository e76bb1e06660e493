package org.portier.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets, digests and constant-time comparison. Stateless and thread-safe. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private Secrets() {}

  public static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** n random bytes as 2n lowercase hex characters. */
  public static String randomHex(int bytes) {
    return HEX.formatHex(randomBytes(bytes));
  }

  /** A bearer token: 256 random bits, URL-safe base64 without padding (43 characters). */
  public static String newToken() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
  }

  /** Uniform random integer in [from, to] inclusive. */
  public static long randomInRange(long from, long to) {
    return from + (long) (RANDOM.nextDouble() * (to - from + 1));
  }

  public static int randomInt(int bound) {
    return RANDOM.nextInt(bound);
  }

  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256Hex(String s) {
    return HEX.formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
  }

  public static String md5Hex(String s) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time equality of two strings (compares their SHA-256 digests, so lengths leak nothing). */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) return false;
    return MessageDigest.isEqual(sha256(a.getBytes(StandardCharsets.UTF_8)), sha256(b.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A token's name for logs: the first 8 hex digits of its SHA-256, so log lines about one token can
   * be matched up (and against a token at hand) while no character of the token itself is written.
   */
  public static String fingerprint(String token) {
    if (token == null) return "null";
    return "sha256:" + sha256Hex(token).substring(0, 8);
  }

  /** Masks a secret for logs: first 4 characters, then the length. */
  public static String mask(String secret) {
    if (secret == null) return "null";
    if (secret.length() <= 8) return "***(" + secret.length() + ")";
    return secret.substring(0, 4) + "***(" + secret.length() + ")";
  }
}
