package org.portier.http;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Field-by-field validation of a JSON object. Every failure is a {@link BadInput} (422 by default)
 * whose message names the field and says what was expected.
 */
public final class Input {
  private final JsonObject json;

  private Input(JsonObject json) {
    this.json = json;
  }

  public static Input of(JsonObject json) {
    return new Input(json);
  }

  public JsonObject json() {
    return json;
  }

  /** Refuses fields outside {@code allowed} (the integration face is strict about typos). */
  public Input only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    Set<String> extra = new TreeSet<>();
    for (String f : json.fieldNames()) if (!ok.contains(f)) extra.add(f);
    if (!extra.isEmpty()) {
      throw BadInput.unprocessable("unknown field" + (extra.size() > 1 ? "s " : " ") + String.join(", ", extra)
          + "; allowed: " + String.join(", ", new TreeSet<>(Arrays.asList(allowed))));
    }
    return this;
  }

  public boolean has(String field) {
    return json.containsKey(field) && json.getValue(field) != null;
  }

  public String string(String field, int min, int max) {
    if (!has(field)) throw BadInput.unprocessable(field + " is required");
    return optString(field, min, max);
  }

  /** A string field, or null when absent. */
  public String optString(String field, int min, int max) {
    if (!has(field)) return null;
    Object v = json.getValue(field);
    if (!(v instanceof String s)) throw BadInput.unprocessable(field + " must be a string");
    String t = s.trim();
    if (t.length() < min) throw BadInput.unprocessable(field + (min <= 1 ? " must not be empty" : " must have at least " + min + " characters"));
    if (t.length() > max) throw BadInput.unprocessable(field + " must have at most " + max + " characters");
    if (t.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) throw BadInput.unprocessable(field + " must not contain control characters");
    return t;
  }

  public String oneOf(String field, String dflt, String... values) {
    String v = has(field) ? string(field, 1, 64) : dflt;
    if (v == null) throw BadInput.unprocessable(field + " is required");
    for (String ok : values) if (ok.equals(v)) return v;
    throw BadInput.unprocessable(field + " must be one of " + String.join(", ", values));
  }

  /** An integer given as a JSON number or as a string of digits (the apps send both). */
  public long integer(String field, long min, long max) {
    if (!has(field)) throw BadInput.unprocessable(field + " is required");
    return optInteger(field, min, max, 0);
  }

  /**
   * Like {@link #integer}, {@code dflt} when absent. The value is compared with the range exactly:
   * 2^64 + 7001 is out of range, never panel 7001. Fractions and exponents (7001.5, 1e3) are refused
   * even when their value is whole, and so is anything but a JSON number or a string of digits.
   */
  public long optInteger(String field, long min, long max, long dflt) {
    if (!has(field)) return dflt;
    Object v = json.getValue(field);
    BigInteger n = wholeNumber(v);
    if (n == null) {
      throw BadInput.unprocessable(field + (v instanceof Number ? " must be a whole number, without a fraction or exponent" : " must be a whole number"));
    }
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw BadInput.unprocessable(field + " must be between " + min + " and " + max);
    }
    return n.longValueExact();
  }

  /**
   * The exact value of a whole JSON number (Integer, Long or BigInteger, as {@link JsonBodies} reads
   * them) or of a string of decimal digits with an optional minus; null for anything else, fractions
   * and exponents included. Callers compare it with their range before narrowing it.
   */
  public static BigInteger wholeNumber(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) return BigInteger.valueOf(((Number) v).longValue());
    if (v instanceof BigInteger b) return b;
    if (v instanceof String s) {
      String t = s.trim();
      if (t.length() <= JsonBodies.MAX_NUMBER_LENGTH && t.matches("-?\\d+")) return new BigInteger(t);
    }
    return null;
  }

  /** {@link #wholeNumber} within [min, max] as a long, or null when it is not a whole number or out of that range. */
  public static Long wholeNumber(Object v, long min, long max) {
    BigInteger n = wholeNumber(v);
    if (n == null || n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) return null;
    return n.longValueExact();
  }

  /** "t"/"f" string booleans of the mobile contract (JSON true/false accepted too); null when absent. */
  public Boolean optFlag(String field) {
    if (!has(field)) return null;
    Object v = json.getValue(field);
    if (v instanceof Boolean b) return b;
    if ("t".equals(v) || "true".equals(v) || "1".equals(v)) return true;
    if ("f".equals(v) || "false".equals(v) || "0".equals(v)) return false;
    throw BadInput.unprocessable(field + " must be \"t\" or \"f\"");
  }

  /** Parses a path parameter that must be a positive id. */
  public static long id(String raw, String what) {
    // digits only (no sign, no spaces) and within the ids' range: 2^64 + 7 is no id, never id 7
    Long id = raw != null && raw.matches("\\d{1,19}") ? wholeNumber(raw, 0, Long.MAX_VALUE) : null;
    if (id == null) throw BadInput.notFound("no " + what + " with id " + (raw == null ? "" : "\"" + truncate(raw) + "\""));
    return id;
  }

  public static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
