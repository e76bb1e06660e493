package org.portier.config;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Value checks of the resident-contract keys: mobile limits, device limit, helpMe, options, appVersion, outgoingCall. */
final class MobileConfigChecks {
  private static final Set<String> FLAG_OPTIONS = Set.of("cityCams", "payments", "chat", "addressVerificationTabLayoutVisible",
      "addressVerificationTab1Visible", "addressVerificationTab2Visible", "eventsTracking", "stories", "faceGroups", "faceClustering");

  private MobileConfigChecks() {}

  static void check(Config c, List<String> errors) {
    if (c.number("mobile.maxDevices") < 0 || c.number("mobile.maxDevices") > 10_000) {
      errors.add("mobile.maxDevices: must be between 0 (no limit) and 10000");
    }
    if (!Set.of("forbidden", "replace-oldest").contains(c.string("mobile.maxDevicesStrategy"))) {
      errors.add("mobile.maxDevicesStrategy: must be forbidden or replace-oldest");
    }
    JsonObject limits = c.table("mobile.limits");
    for (String k : limits.fieldNames()) {
      if ("trustedProxies".equals(k)) continue;
      try {
        LimitSpec.parse(limits.getString(k));
      } catch (IllegalArgumentException e) {
        errors.add("mobile.limits." + k + ": " + e.getMessage());
      }
    }
    // mobile.limits.trustedProxies is checked with http.trustedProxies (HttpConfigChecks)
    for (String k : List.of("minAndroid", "forceAndroid", "minIos", "forceIos")) {
      String v = c.string("mobile.appVersion." + k);
      if (!v.isEmpty() && !v.matches("\\d{1,9}(\\.\\d{1,9}){0,3}")) errors.add("mobile.appVersion." + k + ": must be a version like 1.0.64 or a build number like 164");
    }
    if (!c.string("mobile.helpMe.server").isEmpty()) {
      long port = c.number("mobile.helpMe.port");
      if (port < 1 || port > 65535) errors.add("mobile.helpMe.port: " + port + " is not a port (1-65535)");
      if (!Set.of("udp", "tcp", "tls").contains(c.string("mobile.helpMe.transport"))) errors.add("mobile.helpMe.transport: must be udp, tcp or tls");
      if (c.string("mobile.helpMe.extension").isBlank()) errors.add("mobile.helpMe.extension: must be set when mobile.helpMe.server is");
      String stun = c.string("mobile.helpMe.stun");
      if (!stun.isEmpty() && !stun.startsWith("stun:") && !stun.startsWith("turn:")) errors.add("mobile.helpMe.stun: must start with stun: or turn:");
    }
    for (String k : FLAG_OPTIONS) {
      if (!Set.of("t", "f").contains(c.string("mobile.options." + k))) errors.add("mobile.options." + k + ": must be \"t\" or \"f\"");
    }
    oneOf(c, "mobile.options.guestAccess", errors, "", "turnOnOnly", "turnOnAndOff");
    oneOf(c, "mobile.options.cctvView", errors, "", "list", "tree", "userDefined");
    oneOf(c, "mobile.options.entrancesView", errors, "list", "preview");
    oneOf(c, "mobile.options.activeTab", errors, "", "addresses", "notifications", "chat", "pay", "menu");
    if (c.number("mobile.options.version") < 0 || c.number("mobile.options.version") > Integer.MAX_VALUE) {
      errors.add("mobile.options.version: must be between 0 and " + Integer.MAX_VALUE);
    }

    List<String> numbers = c.strings("otp.confirmationNumbers");
    for (String n : numbers) {
      if (!n.matches("\\+?\\d{3,15}")) errors.add("otp.confirmationNumbers: \"" + n + "\" is not a phone number (digits, optionally after +)");
    }
    if ("outgoingCall".equals(c.string("otp.method")) && numbers.isEmpty()) {
      errors.add("otp.confirmationNumbers: needs at least one number when otp.method is outgoingCall");
    }
    long window = c.duration("otp.callWindow").toSeconds();
    if (window < 10 || window > 3600) errors.add("otp.callWindow: must be between 10s and 1h");
  }

  private static void oneOf(Config c, String key, List<String> errors, String... allowed) {
    if (!List.of(allowed).contains(c.string(key))) errors.add(key + ": must be one of " + String.join(", ", List.of(allowed)).replace(", ,", ",").replaceFirst("^, ", "\"\", "));
  }
}
