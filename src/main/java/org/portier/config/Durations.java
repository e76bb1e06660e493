package org.portier.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written like Go's: "30s", "10m", "6h", "3m50s", "250ms". A bare number means seconds. */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");
  private Durations() {}

  public static Duration parse(String text) {
    if (text == null) throw new IllegalArgumentException("missing duration");
    String s = text.trim();
    if (s.matches("\\d+")) return Duration.ofSeconds(Long.parseLong(s));
    Matcher m = PART.matcher(s);
    int pos = 0;
    Duration d = Duration.ZERO;
    while (m.find()) {
      if (m.start() != pos) break;
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms" -> d = d.plusMillis(n);
        case "s" -> d = d.plusSeconds(n);
        case "m" -> d = d.plusMinutes(n);
        default -> d = d.plusHours(n);
      }
      pos = m.end();
    }
    if (pos == 0 || pos != s.length()) {
      throw new IllegalArgumentException("\"" + text + "\" is not a duration (write it like 30s, 10m, 6h or 3m50s)");
    }
    return d;
  }
}
