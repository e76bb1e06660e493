package org.portier.config;

import java.util.List;

/** Value checks of the public listener's keys: deadlines, connection caps and trusted proxies. */
final class HttpConfigChecks {
  private HttpConfigChecks() {}

  static void check(Config c, List<String> errors) {
    for (String key : List.of("http.requestTimeout", "http.idleTimeout")) {
      try {
        var d = Durations.parse(c.string(key));
        if (d.toMillis() < 100 || d.toMinutes() > 60) errors.add(key + ": must be between 100ms and 1h");
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
      }
    }
    long total = c.number("http.maxConnections");
    long perIp = c.number("http.maxConnectionsPerIp");
    if (total < 1 || total > 1_000_000) errors.add("http.maxConnections: must be between 1 and 1000000");
    if (perIp < 1 || perIp > total) errors.add("http.maxConnectionsPerIp: must be between 1 and http.maxConnections");
    for (String key : List.of("http.trustedProxies", "mobile.limits.trustedProxies")) {
      for (String entry : c.strings(key)) {
        try {
          IpRange.parse(entry);
        } catch (IllegalArgumentException e) {
          errors.add(key + ": " + e.getMessage());
        }
      }
    }
  }
}
