package org.portier.mobile;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import org.portier.config.Config;

/** "Y-m-d H:i:s" wall-clock times of the mobile contract, in mobile.timeZone (the apps send Moscow time by default). */
final class MobileTime {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  private MobileTime() {}

  static ZoneId zone(Config c) {
    return ZoneId.of(c.string("mobile.timeZone"));
  }

  static String format(long epochMillis, ZoneId zone) {
    return FORMAT.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  /** Epoch millis of a "Y-m-d H:i:s" text, or null when it is not one (including impossible dates). */
  static Long parse(String text, ZoneId zone) {
    try {
      return LocalDateTime.parse(text, FORMAT).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
  }
}
