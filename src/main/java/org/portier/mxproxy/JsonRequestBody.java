package org.portier.mxproxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import org.portier.http.BadInput;
import org.portier.http.JsonBodies;

/**
 * The JSON object request body of every MX route, checked the way MX Proxy's binder did and
 * with its words (empty content type, unsupported content type, unsupported charset) but with
 * malformed JSON as 400, not MX Proxy's 500: it is the client's mistake (mx-proxy.md §6.8). One
 * place, so every route answers the same mistake with the same message.
 */
final class JsonRequestBody {
  private JsonRequestBody() {}

  /** The body as a JSON object; it is required. */
  static JsonObject parse(RoutingContext ctx) {
    return parse(ctx, false);
  }

  /** {@code emptyIsObject}: a route whose fields are all optional takes no body (and no Content-Type) as {}. */
  static JsonObject parse(RoutingContext ctx, boolean emptyIsObject) {
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    boolean empty = body == null || body.length() == 0;
    if (empty && emptyIsObject) return new JsonObject();
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || type.isBlank()) throw new MxError(400, "empty content type");
    String[] parts = type.split(";");
    if (!parts[0].trim().equalsIgnoreCase("application/json")) throw new MxError(400, "unsupported content type");
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].trim().split("=", 2);
      if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")
          && !kv[1].trim().replace("\"", "").toLowerCase(Locale.ROOT).equals("utf-8")) {
        throw new MxError(400, "unsupported charset");
      }
    }
    if (empty) throw new MxError(400, "empty request body");
    // broken UTF-8 is refused (400 "the request body is not valid UTF-8"), not replaced
    String text = JsonBodies.utf8(body);
    Object v;
    try {
      // the strict parser every face uses: duplicate keys and lone surrogates are refused too
      v = JsonBodies.parse(text);
    } catch (BadInput e) {
      throw new MxError(400, e.getMessage().startsWith("the request body is not valid JSON") ? "malformed JSON body" : e.getMessage());
    }
    if (v instanceof JsonObject o) return o;
    throw new MxError(400, "the request body must be a JSON object");
  }

  /**
   * A numeric path id (MX ids are decimal). Anything else is 400 with nothing sent to MX, where
   * MX Proxy answered 404 or the strconv error: it is the client's mistake, not a missing item.
   */
  static String id(RoutingContext ctx, String what) {
    String id = ctx.pathParam("id");
    if (id == null || !id.matches("\\d{1,18}")) throw new MxError(400, "bad " + what + " id \"" + printable(id) + "\": a number is expected");
    return id;
  }

  /** Client text echoed in a message: printable ASCII only, and short. */
  static String printable(String s) {
    if (s == null) return "";
    String t = s.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'");
    return t.length() > 32 ? t.substring(0, 32) + "..." : t;
  }
}
