package org.portier.config;

import java.time.Duration;

/**
 * A rate limit written "&lt;count&gt;/&lt;window&gt;", e.g. "3/10m" = at most 3 in any 10-minute
 * window (fixed windows); "" means no limit. Window durations use {@link Durations}.
 */
public record LimitSpec(int count, Duration window) {
  /** The parsed limit, or null for "" (no limit); IllegalArgumentException with a readable reason otherwise. */
  public static LimitSpec parse(String text) {
    if (text == null || text.isBlank()) return null;
    int slash = text.indexOf('/');
    if (slash < 0) throw new IllegalArgumentException("\"" + text + "\" is not a limit (write it like 3/10m, or \"\" for none)");
    String n = text.substring(0, slash).trim();
    if (!n.matches("\\d{1,9}") || Integer.parseInt(n) < 1) {
      throw new IllegalArgumentException("\"" + text + "\": the count before / must be a whole number of at least 1");
    }
    Duration window = Durations.parse(text.substring(slash + 1).trim());
    if (window.toMillis() < 1000 || window.toDays() > 7) throw new IllegalArgumentException("\"" + text + "\": the window must be between 1s and 7 days");
    return new LimitSpec(Integer.parseInt(n), window);
  }
}
