package org.portier.mxproxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portier.http.JsonBodies;

/**
 * Request bodies of the call-control routes, checked as MX Proxy's bind did (a Content-Type is
 * required, JSON only, UTF-8 only) but with every client mistake a 400, never the 500 MX Proxy
 * gave malformed JSON. Field readers refuse wrong types with a message naming the field.
 */
final class CallBody {
  private CallBody() {}

  /** The JSON object of the request; an empty body is {} where every field is optional. */
  static JsonObject of(RoutingContext ctx, boolean emptyIsObject) {
    boolean empty = ctx.body() == null || ctx.body().buffer() == null || ctx.body().buffer().length() == 0;
    if (empty && emptyIsObject) return new JsonObject();
    String type = ctx.request().getHeader("content-type");
    if (type == null || type.isBlank()) throw new MxError(400, "empty content type");
    String[] parts = type.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) throw new MxError(400, "unsupported content type");
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset") && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
        throw new MxError(400, "unsupported charset");
      }
    }
    return JsonBodies.object(ctx, emptyIsObject);
  }

  /** A call id from the path: MX call ids are numbers; anything else is the client's mistake. */
  static long callId(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("\\d{1,18}")) throw new MxError(400, "bad call id \"" + id + "\": a number is expected");
    return Long.parseLong(id);
  }

  static String string(JsonObject o, String key, String fallback) {
    Object v = o.getValue(key);
    if (v == null) return fallback;
    if (v instanceof String s) return s.trim().isEmpty() ? fallback : s.trim();
    if (v instanceof Number n) return n.toString(); // numbers given as numbers ("to": 1099) are fine
    throw new MxError(400, "bad request: " + key + " must be a string");
  }

  static String required(JsonObject o, String key) {
    String s = string(o, key, null);
    if (s == null) throw new MxError(400, "bad request: " + key + " is required");
    return s;
  }

  static boolean bool(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (v == null) return false;
    if (v instanceof Boolean b) return b;
    throw new MxError(400, "bad request: " + key + " must be true or false");
  }

  static long number(JsonObject o, String key, long fallback, long max) {
    Object v = o.getValue(key);
    if (v == null) return fallback;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= 0 && n.longValue() <= max) {
      return n.longValue();
    }
    throw new MxError(400, "bad request: " + key + " must be a whole number from 0 to " + max);
  }
}
