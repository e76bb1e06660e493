package org.portier.phone;

/** Phone numbers as the intercom apps use them: 11 digits, Russian trunk prefix 8 rewritten to 7. */
public final class Phones {
  private Phones() {}

  /** The normalized number, or null when the input is not a phone number. */
  public static String normalize(String raw) {
    if (raw == null) return null;
    String s = raw.trim().replaceAll("[\\s()\\-]", "");
    if (s.startsWith("+")) s = s.substring(1);
    if (!s.matches("\\d{11}")) return null;
    if (s.startsWith("8")) s = "7" + s.substring(1);
    return s;
  }
}
