package org.portier.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks an operator's file against the defaults (every key must be known and of the right type)
 * and then checks the values themselves. Every message names its key.
 */
public final class ConfigValidator {
  /** Tables whose keys are the operator's own (app ids, file names, phone numbers, header names). */
  private static final Set<String> FREE_FORM = Set.of("apps", "voip.apn", "voip.fcm", "otp.testNumbers", "otp.sms.headers");
  private static final List<String> DURATIONS = List.of("voip.apnTTL", "jwt.tokenTTL", "jwt.signKeyTTL", "otp.ttl",
      "otp.sms.timeout", "otp.callWindow", "turn.ttl", "doorcall.ttl", "doorcall.snapshotTimeout", "door.openTimeout", "push.retryBase",
      "push.retryMax", "push.keepFinished", "inbox.pushTtl", "mxproxy.provisioningTimeout", "mxproxy.retryAfter", "mxproxy.callLogIdle", "mx.connectTimeout", "mx.replyTimeout",
      "mx.keepalive", "mx.readIdleTimeout", "mx.reconnectMin", "mx.reconnectMax");

  private ConfigValidator() {}

  public static List<String> check(JsonObject user) {
    List<String> errors = new ArrayList<>();
    JsonObject defaults = ConfigLoader.defaults();
    checkShape(user, defaults, "", errors);
    if (!errors.isEmpty()) return errors;
    Config c = new Config(defaults.mergeIn(user.copy(), true));
    checkValues(c, errors);
    return errors;
  }

  private static void checkShape(JsonObject user, JsonObject defaults, String prefix, List<String> errors) {
    for (String key : user.fieldNames()) {
      String path = prefix + key;
      Object v = user.getValue(key);
      if (!defaults.containsKey(key)) {
        errors.add(path + ": unknown key");
        continue;
      }
      Object d = defaults.getValue(key);
      if (d instanceof JsonObject dt) {
        if (!(v instanceof JsonObject vt)) {
          errors.add(path + ": must be a table");
        } else if (FREE_FORM.contains(path)) {
          for (String k : vt.fieldNames()) {
            if (!(vt.getValue(k) instanceof String)) errors.add(path + "." + k + ": must be a string");
          }
        } else {
          checkShape(vt, dt, path + ".", errors);
        }
      } else if (d instanceof String && !(v instanceof String)) {
        errors.add(path + ": must be a string");
      } else if (d instanceof Number && !(v instanceof Number)) {
        errors.add(path + ": must be a number");
      } else if (d instanceof Number && !(v instanceof Integer || v instanceof Long)) {
        // every numeric key is a whole number; TOML reads 5.5 as a double and 2^64 as a BigInteger,
        // which would be cut to 5 or wrapped to 0 when read
        errors.add(path + (v instanceof java.math.BigInteger ? ": " + v + " is out of range" : ": must be a whole number, not " + v));
      } else if (d instanceof Boolean && !(v instanceof Boolean)) {
        errors.add(path + ": must be true or false");
      } else if (d instanceof JsonArray) {
        if (!(v instanceof JsonArray a)) errors.add(path + ": must be an array");
        else for (Object x : a) if (!(x instanceof String)) errors.add(path + ": every entry must be a string");
      }
    }
  }

  private static void checkValues(Config c, List<String> errors) {
    for (String key : DURATIONS) {
      try {
        Durations.parse(c.string(key));
      } catch (IllegalArgumentException e) {
        errors.add(key + ": " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) return;
    port(c, "http.port", errors);
    String level = LogLevel.check(c.string("log.level"));
    if (level != null) errors.add("log.level: " + level);
    String admin = c.string("adminWeb");
    if (!admin.isEmpty() && hostPort(admin) == null) errors.add("adminWeb: \"" + admin + "\" is not host:port");
    for (String p : List.of("mobile.prefix", "integration.prefix", "sip.prefix")) {
      String v = c.string(p);
      if (!v.startsWith("/") || !v.endsWith("/")) errors.add(p + ": must start and end with /");
    }
    range(c, "http.bodyLimit", 1024, 64L << 20, errors);
    range(c, "store.poolSize", 1, 1000, errors);
    if (!c.string("store.url").startsWith("jdbc:hsqldb:") && !c.string("store.url").startsWith("jdbc:postgresql:")) {
      errors.add("store.url: must be a jdbc:hsqldb: or jdbc:postgresql: URL");
    }
    url(c, "mobile.publicUrl", true, errors);
    if (!c.string("mobile.publicUrl").endsWith("/")) errors.add("mobile.publicUrl: must end with /");

    // SIP: the values every door-call push carries; a bad one is refused here, not at the first call.
    String sip = SipValues.checkServer(c.string("sip.server"), c.number("sip.port"), c.string("sip.transport"));
    if (sip != null) errors.add("sip: " + sip);
    long from = c.number("sip.extensionFrom");
    long to = c.number("sip.extensionTo");
    if (SipValues.checkExtension(Long.toString(from)) != null || SipValues.checkExtension(Long.toString(to)) != null) {
      errors.add("sip.extensionFrom/extensionTo: must be numbers of 2-16 digits");
    } else if (to - from < 99) {
      errors.add("sip.extensionTo: the range must hold at least 100 extensions");
    }
    if (c.string("sip.realm").isBlank()) errors.add("sip.realm: must not be empty");
    String stun = c.string("sip.stun");
    if (!stun.isEmpty() && !stun.startsWith("stun:") && !stun.startsWith("turn:")) errors.add("sip.stun: must start with stun: or turn:");
    if (SipValues.checkTransport(c.string("sip.stunTransport")) != null) errors.add("sip.stunTransport: " + SipValues.checkTransport(c.string("sip.stunTransport")));
    apiKeys(c, "integration.apiKeys", errors);
    apiKeys(c, "sip.apiKeys", errors);

    String turn = c.string("turn.uri");
    if (!turn.isEmpty()) {
      if (!turn.matches("turns?:[A-Za-z0-9.\\-\\[\\]:]+")) errors.add("turn.uri: must look like turn:host:3478");
      if (c.string("turn.secret").length() < 16) errors.add("turn.secret: needs at least 16 characters when turn.uri is set");
      if (!Set.of("udp", "tcp", "tls").contains(c.string("turn.transport"))) errors.add("turn.transport: must be udp, tcp or tls");
    }
    // 2 s minimum: short enough for expiry tests, long enough that a push can still land.
    if (c.duration("doorcall.ttl").toMillis() < 2000 || c.duration("doorcall.ttl").toSeconds() > 3600) {
      errors.add("doorcall.ttl: must be between 2s and 1h");
    }
    if (c.duration("doorcall.snapshotTimeout").toMillis() < 100 || c.duration("doorcall.snapshotTimeout").toSeconds() > 60) {
      errors.add("doorcall.snapshotTimeout: must be between 100ms and 60s");
    }
    if (c.number("doorcall.snapshotMaxBytes") < 1024 || c.number("doorcall.snapshotMaxBytes") > 20_971_520) {
      errors.add("doorcall.snapshotMaxBytes: must be between 1024 and 20971520");
    }
    if (c.duration("turn.ttl").toSeconds() < 60 || c.duration("turn.ttl").toSeconds() > 86400) {
      errors.add("turn.ttl: must be between 60s and 24h");
    }
    if (!c.string("sip.asteriskTransport").matches("[A-Za-z0-9_.\\-]{0,64}")) {
      errors.add("sip.asteriskTransport: must be the name of an Asterisk PJSIP transport (letters, digits, _ . -) or empty");
    }
    if (!c.string("sip.asteriskContext").matches("[A-Za-z0-9_.\\-]{1,64}")) {
      errors.add("sip.asteriskContext: must be a dialplan context name (letters, digits, _ . -)");
    }
    if (!c.string("sip.asteriskCodecs").matches("[a-z0-9_]+(,[a-z0-9_]+)*")) {
      errors.add("sip.asteriskCodecs: must be a comma-separated list of Asterisk codec names, like alaw,h264");
    }
    if (c.duration("door.openTimeout").toMillis() < 100 || c.duration("door.openTimeout").toSeconds() > 30) {
      errors.add("door.openTimeout: must be between 100ms and 30s");
    }
    if (c.number("door.opensPerMinute") < 0 || c.number("door.opensPerMinute") > 1000) {
      errors.add("door.opensPerMinute: must be between 0 (no limit) and 1000");
    }
    if (c.string("doorcall.callerId").isBlank()) errors.add("doorcall.callerId: must not be empty");
    checkInbox(c, errors);
    checkMxProxy(c, errors);
    checkMx(c, errors);

    try {
      java.time.ZoneId.of(c.string("mobile.timeZone"));
    } catch (java.time.DateTimeException e) {
      errors.add("mobile.timeZone: \"" + c.string("mobile.timeZone") + "\" is not a time zone (write it like Europe/Moscow)");
    }
    if (c.string("otp.method").isBlank()) errors.add("otp.method: must not be empty (the apps treat any value but outgoingCall and flashCall as a code to type)");
    if (c.duration("otp.ttl").toSeconds() < 10 || c.duration("otp.ttl").toSeconds() > 3600) errors.add("otp.ttl: must be between 10s and 1h");
    if (c.duration("otp.sms.timeout").toMillis() < 100) errors.add("otp.sms.timeout: must be at least 100ms");
    range(c, "otp.maxAttempts", 1, 100, errors);
    JsonObject tests = c.table("otp.testNumbers");
    for (String phone : tests.fieldNames()) {
      if (!phone.matches("\\d{11}")) errors.add("otp.testNumbers." + phone + ": the phone must be 11 digits");
      if (!String.valueOf(tests.getValue(phone)).matches("\\d{4}")) errors.add("otp.testNumbers." + phone + ": the code must be 4 digits");
    }
    if (!c.string("otp.sms.url").isEmpty()) {
      // The URL is a template: check it as it will be sent, with sample values in the placeholders.
      String sample = c.string("otp.sms.url").replace("{phone}", "79001234567").replace("{code}", "1234");
      JsonObject probe = new JsonObject().put("otp", new JsonObject().put("sms", new JsonObject().put("url", sample)));
      url(new Config(probe), "otp.sms.url", false, errors);
    }
    if (!Set.of("GET", "POST", "PUT").contains(c.string("otp.sms.httpMethod"))) errors.add("otp.sms.httpMethod: must be GET, POST or PUT");

    MobileConfigChecks.check(c, errors);
    HttpConfigChecks.check(c, errors);

    range(c, "push.maxAttempts", 1, 1000, errors);
    // MX Proxy's FCM legacy server keys: Google shut that API down in 2024, so a key here would fail every push silently
    for (String app : c.table("voip.fcm").fieldNames()) {
      errors.add("voip.fcm." + app + ": FCM legacy server keys no longer work (Google shut the legacy API down);"
          + " remove [voip.fcm] and set [push.fcm] serviceAccount to the Firebase service-account JSON file (FCM HTTP v1)");
    }
    if (!c.string("push.apns.p8").isEmpty() && !c.string("push.apns.p12").isEmpty()) {
      errors.add("push.apns: set p8 or p12, not both");
    }
    if (!c.string("push.apns.p8").isEmpty()) {
      if (!c.string("push.apns.teamId").matches("[A-Z0-9]{10}")) errors.add("push.apns.teamId: must be the 10-character Apple team id");
      if (!c.string("push.apns.keyId").matches("[A-Z0-9]{10}")) errors.add("push.apns.keyId: must be the 10-character key id");
    }
    if ((!c.string("push.apns.p8").isEmpty() || !c.string("push.apns.p12").isEmpty()) && c.string("push.apns.bundle").isBlank()) {
      errors.add("push.apns.bundle: the app's bundle id is needed when APNs credentials are set");
    }
    port(c, "push.apns.port", errors);
    if (c.duration("push.retryBase").toMillis() < 1) errors.add("push.retryBase: must be at least 1ms");
    if (c.duration("push.retryMax").compareTo(c.duration("push.retryBase")) < 0) errors.add("push.retryMax: must not be shorter than push.retryBase");
    range(c, "push.maxInFlight", 1, 1_000_000, errors);
    range(c, "push.maxUnwritten", 1, 1_000_000, errors);
    if (c.duration("push.keepFinished").toMinutes() < 1) errors.add("push.keepFinished: must be at least 1m");
    try {
      if (Durations.parse(c.string("push.lease")).toMillis() < 1000) errors.add("push.lease: must be at least 1s");
    } catch (IllegalArgumentException e) {
      errors.add("push.lease: " + e.getMessage());
    }
    if (c.number("push.fcm.threads") < 1 || c.number("push.fcm.threads") > 256) errors.add("push.fcm.threads: must be between 1 and 256");
    if (!c.string("push.fcm.endpoint").isEmpty()) url(c, "push.fcm.endpoint", true, errors);
    // Credential files are read when the push clients are built; a missing one is refused here instead.
    for (String key : List.of("push.apns.p8", "push.apns.p12", "push.apns.trustedCert", "push.fcm.serviceAccount")) {
      String f = c.string(key);
      if (!f.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(f))) errors.add(key + ": cannot read " + f);
    }
  }

  /** A whole-number key within [min, max]; the message names the key and the bound it crosses. */
  static void range(Config c, String key, long min, long max, List<String> errors) {
    long v = c.number(key);
    if (v < min) errors.add(key + ": must be at least " + min);
    if (v > max) errors.add(key + ": must be at most " + max + ", not " + v);
  }

  private static void port(Config c, String key, List<String> errors) {
    long p = c.number(key);
    if (p < 1 || p > 65535) errors.add(key + ": " + p + " is not a port (1-65535)");
  }

  private static void url(Config c, String key, boolean requireHost, List<String> errors) {
    try {
      URI u = new URI(c.string(key));
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
        errors.add(key + ": must be an absolute http(s) URL");
      }
    } catch (Exception e) {
      errors.add(key + ": \"" + c.string(key) + "\" is not a URL");
    }
  }

  private static void apiKeys(Config c, String key, List<String> errors) {
    for (String k : c.strings(key)) {
      if (k.startsWith("sha256:")) {
        if (!k.substring(7).matches("[0-9a-f]{64}")) errors.add(key + ": a sha256: entry must hold 64 lowercase hex characters");
      } else if (k.length() < 16) {
        errors.add(key + ": every key needs at least 16 characters");
      }
    }
  }

  /** Parses "host:port" (host may be empty or bracketed IPv6); null when malformed. */
  public static String[] hostPort(String s) {
    String v = s.startsWith("http://") ? s.substring(7) : s;
    int i = v.lastIndexOf(':');
    if (i < 0) return null;
    String host = v.substring(0, i);
    try {
      int port = Integer.parseInt(v.substring(i + 1));
      if (port < 1 || port > 65535) return null;
      return new String[] {host.isEmpty() ? "127.0.0.1" : host.replace("[", "").replace("]", ""), Integer.toString(port)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void checkMxProxy(Config c, List<String> errors) {
    if (c.duration("jwt.tokenTTL").toSeconds() < 1 || c.duration("jwt.tokenTTL").toDays() > 30) errors.add("jwt.tokenTTL: must be between 1s and 30 days");
    if (c.duration("jwt.signKeyTTL").toSeconds() < 1 || c.duration("jwt.signKeyTTL").toDays() > 365) errors.add("jwt.signKeyTTL: must be between 1s and 365 days");
    if (!c.string("provisioning").isEmpty()) url(c, "provisioning", true, errors);
    try {
      LimitSpec.parse(c.string("mxproxy.authPerIp"));
    } catch (IllegalArgumentException e) {
      errors.add("mxproxy.authPerIp: " + e.getMessage());
    }
    if (c.duration("mxproxy.provisioningTimeout").toMillis() < 100 || c.duration("mxproxy.provisioningTimeout").toSeconds() > 120) {
      errors.add("mxproxy.provisioningTimeout: must be between 100ms and 120s");
    }
    if (c.duration("mxproxy.retryAfter").toSeconds() < 1 || c.duration("mxproxy.retryAfter").toSeconds() > 3600) {
      errors.add("mxproxy.retryAfter: must be between 1s and 1h");
    }
    if (c.duration("mxproxy.callLogIdle").toMillis() < 50 || c.duration("mxproxy.callLogIdle").toSeconds() > 30) {
      errors.add("mxproxy.callLogIdle: must be between 50ms and 30s");
    }
    for (String app : c.table("apps").fieldNames()) {
      if (app.isEmpty() || app.contains(":")) errors.add("apps." + app + ": a client id must not be empty or contain ':' (HTTP Basic)");
      if (c.table("apps").getString(app).isEmpty()) errors.add("apps." + app + ": the secret must not be empty");
    }
  }

  private static void checkInbox(Config c, List<String> errors) {
    if (c.duration("inbox.pushTtl").toSeconds() < 1 || c.duration("inbox.pushTtl").toDays() > 28) {
      errors.add("inbox.pushTtl: must be between 1s and 28 days (the providers' limit)");
    }
    if (c.number("inbox.batchSize") < 1 || c.number("inbox.batchSize") > 5000) errors.add("inbox.batchSize: must be between 1 and 5000");
    if (c.number("inbox.pageLimit") < 1 || c.number("inbox.pageLimit") > 1000) errors.add("inbox.pageLimit: must be between 1 and 1000");
  }

  private static void checkMx(Config c, List<String> errors) {
    for (String key : List.of("mx.connectTimeout", "mx.replyTimeout", "mx.keepalive", "mx.readIdleTimeout", "mx.reconnectMin")) {
      if (c.duration(key).toMillis() < 10) errors.add(key + ": must be at least 10ms");
    }
    if (c.duration("mx.reconnectMax").compareTo(c.duration("mx.reconnectMin")) < 0) {
      errors.add("mx.reconnectMax: must not be shorter than mx.reconnectMin");
    }
    if (c.duration("mx.readIdleTimeout").compareTo(c.duration("mx.keepalive")) <= 0) {
      errors.add("mx.readIdleTimeout: must be longer than mx.keepalive");
    }
    String cert = c.string("mx.trustedCert");
    if (!cert.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(cert))) errors.add("mx.trustedCert: cannot read " + cert);
  }
}
