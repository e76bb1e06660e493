package org.portier.mxproxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * A JSON object request body, checked the way MX Proxy's binder did (content type, UTF-8
 * charset) but with malformed JSON as 400, not MX Proxy's 500: it is the client's mistake.
 */
final class JsonRequestBody {
  private JsonRequestBody() {}

  static JsonObject parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || type.isBlank()) throw new MxError(400, "empty content type");
    String[] parts = type.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) throw new MxError(400, "unsupported content type");
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=") && !p.substring(8).replace("\"", "").equals("utf-8")) throw new MxError(400, "unsupported charset");
    }
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body == null || body.length() == 0) throw new MxError(400, "empty request body");
    try {
      Object v = io.vertx.core.json.Json.decodeValue(body);
      if (v instanceof JsonObject o) return o;
      throw new MxError(400, "the request body must be a JSON object");
    } catch (DecodeException e) {
      throw new MxError(400, "malformed JSON body");
    }
  }

  /** A numeric path id (MX ids are decimal); anything else is 400 rather than an MX round trip. */
  static String id(RoutingContext ctx, String what) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("\\d{1,19}")) throw new MxError(400, "bad " + what + " id: expected digits");
    return id;
  }
}
