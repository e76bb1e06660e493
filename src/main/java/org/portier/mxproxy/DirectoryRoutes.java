package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Supplier;
import org.portier.config.Config;

/**
 * GET /contacts, GET /calls and GET /services (mx-proxy.md §2.6). The multi-part queries run in the
 * user's connection actor ("addressbook", "calllog" on mx.user.&lt;login&gt;), serialized there so
 * concurrent requests never mix parts; this side decodes the XML. A CSTA error is 500 with its
 * text (MX Proxy's default mapping), MX silence 504, a lost connection 503.
 */
final class DirectoryRoutes {
  /** Generous: the actor's own waits (a reply timeout per page, the idle wait) answer first. */
  private static final long BUS_TIMEOUT_MS = 120_000;

  private final Supplier<Config> config;
  private final MxSend mx;

  DirectoryRoutes(Vertx vertx, Supplier<Config> config) {
    this.mx = new MxSend(vertx, config);
    this.config = config;
  }

  void contacts(RoutingContext ctx) {
    ask(ctx, new JsonObject().put("op", "addressbook"))
        .map(r -> new JsonObject().put("contacts", DirectoryJson.contacts(parts(r))))
        .onSuccess(body -> MxFace.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void calls(RoutingContext ctx) {
    long timestamp = timestamp(ctx.queryParam("timestamp"));
    Duration idle = config.get().duration("mxproxy.callLogIdle");
    ask(ctx, new JsonObject().put("op", "calllog").put("timestamp", timestamp).put("idle", idle.toMillis()))
        .map(r -> new JsonObject().put("callLog", DirectoryJson.callLog(parts(r))))
        .onSuccess(body -> MxFace.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void services(RoutingContext ctx) {
    ask(ctx, new JsonObject().put("op", "send").put("xml", "<GetServiceList></GetServiceList>"))
        .map(r -> new JsonObject().put("services", DirectoryJson.services(r.getString("xml"))))
        .onSuccess(body -> MxFace.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  /** Unix seconds or RFC 3339; absent or empty means everything (-1, as MX Proxy sent). Refused in MX Proxy's words. */
  static long timestamp(List<String> values) {
    if (values.isEmpty() || values.get(0).isEmpty()) return -1;
    if (values.size() > 1) throw new MxError(400, "bad timestamp format");
    String v = values.get(0).trim();
    try {
      if (v.matches("-?\\d{1,18}")) return Long.parseLong(v);
      return OffsetDateTime.parse(v).toEpochSecond();
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new MxError(400, "bad timestamp format");
    }
  }

  private Future<JsonObject> ask(RoutingContext ctx, JsonObject op) {
    // a CSTA error here is 500 with its text (MX Proxy's default mapping)
    return mx.op(ctx.get(BearerAuth.LOGIN), op, 500, BUS_TIMEOUT_MS);
  }

  private static List<String> parts(JsonObject r) {
    JsonArray a = r.getJsonArray("parts", new JsonArray());
    return a.stream().map(String::valueOf).toList();
  }

}
