package org.portier.mxproxy;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portier.http.Input;

/**
 * Request bodies of the call-control routes, checked as MX Proxy's bind did (a Content-Type is
 * required, JSON only, UTF-8 only) but with every client mistake a 400, never the 500 MX Proxy
 * gave malformed JSON. Field readers refuse wrong types with a message naming the field.
 */
final class CallBody {
  private CallBody() {}

  /** The JSON object of the request (see {@link JsonRequestBody}); an empty body is {} where every field is optional. */
  static JsonObject of(RoutingContext ctx, boolean emptyIsObject) {
    return JsonRequestBody.parse(ctx, emptyIsObject);
  }

  /** A call id from the path: MX call ids are numbers; anything else is the client's mistake. */
  static long callId(RoutingContext ctx) {
    return Long.parseLong(JsonRequestBody.id(ctx, "call"));
  }

  static String string(JsonObject o, String key, String fallback) {
    Object v = o.getValue(key);
    if (v == null) return fallback;
    if (v instanceof String s) return s.trim().isEmpty() ? fallback : s.trim();
    // whole numbers given as numbers ("to": 1099) are fine; 1099.5 or 1e3 is no extension
    if (v instanceof Number n) {
      if (Input.wholeNumber(n) != null) return n.toString();
      throw new MxError(400, "bad request: " + key + " must be a string");
    }
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
    // compared exactly: 2^64 + 1 is out of range, never 1; fractions and exponents are refused
    Long n = v instanceof Number ? Input.wholeNumber(v, 0, max) : null;
    if (n != null) return n;
    throw new MxError(400, "bad request: " + key + " must be a whole number from 0 to " + max);
  }
}
