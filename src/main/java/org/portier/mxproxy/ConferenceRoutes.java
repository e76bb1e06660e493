package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;
import org.portier.mx.XmlOut;

/**
 * GET /conferences/info, GET/POST /conferences, PUT/DELETE/POST /conferences/{id} (mx-proxy.md
 * §2.6). Create, update and delete run as the actor's "conf" op: the Conf*Event is awaited with a
 * subscription made before the command and filtered by confId (or owner), and only confirms the
 * reply. A CSTA error is 404 "not found" on delete (as MX Proxy), 500 with its text elsewhere.
 */
final class ConferenceRoutes {
  private final MxSend mx;

  ConferenceRoutes(Vertx vertx, Supplier<Config> config) {
    this.mx = new MxSend(vertx, config);
  }

  void info(RoutingContext ctx) {
    mx.send(ctx.get(BearerAuth.LOGIN), "<GetConfServerInfo/>", 500)
        .onSuccess(r -> MxFace.json(ctx, 200, new JsonObject().put("conferences", ConferenceJson.info(r.getString("xml")))))
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    String xml = XmlOut.root("GetConfList").leaf("ownerId", jid(ctx)).leaf("iter", "0").build();
    mx.send(ctx.get(BearerAuth.LOGIN), xml, 500)
        .onSuccess(r -> MxFace.json(ctx, 200, new JsonObject().put("conferences", ConferenceJson.list(r.getString("xml")))))
        .onFailure(ctx::fail);
  }

  void create(RoutingContext ctx) {
    JsonObject body = JsonRequestBody.parse(ctx);
    String xml = ConferenceJson.command("CreateConference", "", jid(ctx), body);
    change(ctx, xml, "ConfAddEvent", null);
  }

  void update(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "conference");
    JsonObject body = JsonRequestBody.parse(ctx);
    change(ctx, ConferenceJson.command("UpdateConference", id, jid(ctx), body), "ConfUpdEvent", id);
  }

  void delete(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "conference");
    String xml = XmlOut.root("DeleteConference").leaf("confId", id).build();
    conf(ctx, xml, "ConfDelEvent", id, 404).onSuccess(r -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  /** Join: the conference id goes into {@code callId}, exactly as MX Proxy sent it. */
  void join(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "conference");
    JsonObject body = JsonRequestBody.parse(ctx);
    Object access = body.getValue("accessId");
    if (access == null) throw new MxError(400, "bad request: accessId is required");
    String xml = XmlOut.root("JoinConf").leaf("callId", id).leaf("accessId", ConferenceJson.integral("accessId", access)).build();
    mx.send(ctx.get(BearerAuth.LOGIN), xml, 500).onSuccess(r -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  /** {"conference":{...}} from the event, or (unconfirmed) from what was sent with the reply's confId. */
  private void change(RoutingContext ctx, String xml, String event, String id) {
    conf(ctx, xml, event, id, 500).onSuccess(r -> {
      XmlNode source = MxXml.parse(r.containsKey("event") ? r.getString("event") : xml);
      JsonObject c = ConferenceJson.conference(source);
      if (c.getString("Id").isEmpty()) {
        XmlNode reply = MxXml.parse(r.getString("xml"));
        XmlNode confId = reply.find("confId");
        if (confId != null && confId.text() != null) c.put("Id", confId.text().trim());
      }
      MxFace.json(ctx, 200, new JsonObject().put("conference", c));
    }).onFailure(ctx::fail);
  }

  private Future<JsonObject> conf(RoutingContext ctx, String xml, String event, String confId, int cstaStatus) {
    // the owner the command names (a create may name another than the user) is the one its event carries
    String owner = MxXml.parse(xml).textAt("ownerId");
    JsonObject op = new JsonObject().put("op", "conf").put("xml", xml).put("event", event)
        .put("ownerId", owner == null || owner.isBlank() ? jid(ctx) : owner.trim());
    if (confId != null) op.put("confId", confId);
    return mx.op(ctx.get(BearerAuth.LOGIN), op, cstaStatus);
  }

  private static String jid(RoutingContext ctx) {
    return BearerAuth.state(ctx).getString("jid", "");
  }
}
