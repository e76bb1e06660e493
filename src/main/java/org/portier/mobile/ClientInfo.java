package org.portier.mobile;

import io.vertx.ext.web.RoutingContext;
import org.portier.security.Secrets;

/**
 * What the apps tell about themselves in headers (contract §2.3): the device fingerprint of a
 * login and the ip/ua/version columns of the device row.
 */
record ClientInfo(String ip, String language, String systemInfo, String appVersion) {
  static ClientInfo of(RoutingContext ctx) {
    // the same client address the per-IP limits count (X-Forwarded-For only from trusted proxies)
    String ip = org.portier.http.ClientIp.of(ctx);
    return new ClientInfo(cut(ip, 64), header(ctx, "Accept-Language"), header(ctx, "X-System-Info"),
        cut(blankToNull(header(ctx, "X-App-Version")), 64));
  }

  /** "Accept-Language,X-System-Info" with ", " collapsed as the reference stores it; null when the app sent neither. */
  String ua() {
    if (language.isEmpty() && systemInfo.isEmpty()) return null;
    return cut(language + "," + systemInfo.replace(", ", ","), 500);
  }

  /** Device identity when the app sends no deviceToken: two installs with the same language and system info share it. */
  String fingerprint() {
    return Secrets.md5Hex(language + systemInfo);
  }

  private static String header(RoutingContext ctx, String name) {
    String v = ctx.request().getHeader(name);
    return v == null ? "" : v.trim();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
