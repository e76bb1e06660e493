package org.portier.store;

import java.time.Instant;

/**
 * The one time format of the operator API: ISO-8601 in UTC, like {@code 2026-12-04T03:24:00.123Z}
 * ({@link Instant#toString()}: the millisecond part is left out when it is zero). The store keeps
 * epoch milliseconds; every stored time leaving the integration face or an actor goes through here.
 */
public final class Times {
  private Times() {}

  public static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
