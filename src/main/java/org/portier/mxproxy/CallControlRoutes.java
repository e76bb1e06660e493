package org.portier.mxproxy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.mx.XmlOut;

/**
 * Call control (mx-proxy.md §2.6): make, answer, transfer, clear, hold, unhold, conference, call mode,
 * assign device, and the calls map. Each command goes to the user's connection actor as the
 * generic "call" op of mx.user.&lt;login&gt; (see {@code MxCallOps}): one op serves every command
 * because they differ only in XML and in the event that confirms them. The direct reply decides
 * success; the confirming event, filtered by call id, only enriches the answer. CSTA errors: 400 on
 * make call (MX Proxy's mapping), 500 with their text otherwise; MX silence 504, no READY
 * connection 503 with Retry-After.
 */
final class CallControlRoutes {
  /** Above the actor's own reply timeout plus the confirming event's wait, which answer first. */
  private static final long BUS_TIMEOUT_MS = 60_000;

  private final MxSend mx;

  CallControlRoutes(Vertx vertx, Supplier<Config> config) {
    this.mx = new MxSend(vertx, config);
  }

  void mount(Router root, BearerAuth auth, Handler<RoutingContext> body) {
    route(root.get("/calls/:id"), auth, body).handler(this::info);
    route(root.patch("/calls"), auth, body).handler(this::mode);
    route(root.patch("/calls/:name"), auth, body).handler(this::assign);
    route(root.post("/calls"), auth, body).handler(this::make);
    route(root.put("/calls/:id"), auth, body).handler(this::answer);
    route(root.post("/calls/:id"), auth, body).handler(this::transfer);
    route(root.delete("/calls/:id"), auth, body).handler(this::clear);
    route(root.put("/calls/:id/hold"), auth, body).handler(ctx -> hold(ctx, true));
    route(root.put("/calls/:id/unhold"), auth, body).handler(ctx -> hold(ctx, false));
    route(root.post("/calls/:id/conference"), auth, body).handler(this::conference);
  }

  private static Route route(Route r, BearerAuth auth, Handler<RoutingContext> body) {
    return r.failureHandler(MxFace::onFailure).handler(body).handler(ctx -> auth.token(ctx, false)).handler(auth::connected);
  }

  /** GET /calls/{id}: no MX traffic; the last Delivered/Established of that call, as its push JSON. */
  private void info(RoutingContext ctx) {
    long id = CallBody.callId(ctx);
    ask(ctx, new JsonObject().put("op", "callinfo").put("callId", Long.toString(id)), 500)
        .map(e -> new JsonObject().put("callInfo", CallJson.event(e.getString("name"), e.getString("xml"), e.getLong("at"))))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** PATCH /calls: iq mode is fire-and-forget (MX sends no reply), so success means written. */
  private void mode(RoutingContext ctx) {
    JsonObject in = CallBody.of(ctx, false);
    boolean remote = CallBody.bool(in, "remote");
    // MX Proxy's README example says "deviceName" (its code read "device"): clients that followed it still work
    String device = CallBody.string(in, "device", CallBody.string(in, "deviceName", ""));
    long ring = CallBody.number(in, "ringDelay", 1, 3600);
    long vm = CallBody.number(in, "vmDelay", 30, 3600);
    XmlOut x = XmlOut.root("iq").attr("type", "set").attr("id", "mode").attr("mode", remote ? "remote" : "local")
        .attr("ringdelay", ring == 0 ? null : Long.toString(ring)).attr("vmdelay", vm == 0 ? null : Long.toString(vm));
    if (!device.isEmpty()) x.leaf("address", device);
    ask(ctx, new JsonObject().put("op", "tell").put("xml", x.build()), 500)
        .map(r -> new JsonObject().put("callMode", new JsonObject().put("remote", remote).put("device", device)
            .put("ringDelay", ring).put("vmDelay", vm)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** PATCH /calls/{name}: AssignDevice; 204. */
  private void assign(RoutingContext ctx) {
    assignDevice(ctx, ctx.pathParam("name")).onSuccess(v -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  /** POST /calls: optional AssignDevice, then MakeCall from the user's ext (or "from"). */
  private void make(RoutingContext ctx) {
    JsonObject in = CallBody.of(ctx, false);
    String to = CallBody.required(in, "to");
    String from = CallBody.string(in, "from", BearerAuth.state(ctx).getString("ext"));
    String device = CallBody.string(in, "device", null);
    String xml = XmlOut.root("MakeCall").start("callingDevice").attr("typeOfNumber", "deviceID").text(from).end()
        .leaf("calledDirectoryNumber", to).build();
    Future<Void> first = device == null ? Future.succeededFuture() : assignDevice(ctx, device);
    first.compose(v -> ask(ctx, new JsonObject().put("op", "call").put("xml", xml), 400))
        .map(r -> new JsonObject().put("makeCall", CallJson.makeCall(r.getString("xml"), from, to)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /**
   * PUT /calls/{id}: answer on a SIP device, optionally assigned first. "timeout" is echoed but, as
   * in MX Proxy 2.1, not used: the command is answered at once.
   */
  private void answer(RoutingContext ctx) {
    long id = CallBody.callId(ctx);
    JsonObject in = CallBody.of(ctx, false);
    String device = CallBody.required(in, "device");
    long timeout = CallBody.number(in, "timeout", 30, 3600);
    boolean assign = CallBody.bool(in, "assign");
    String xml = XmlOut.root("AnswerCall").start("callToBeAnswered").leaf("callID", Long.toString(id)).leaf("deviceID", device).end().build();
    Future<Void> first = assign ? assignDevice(ctx, device) : Future.succeededFuture();
    first.compose(v -> command(ctx, xml, "EstablishedEvent", id))
        .map(r -> new JsonObject().put("sipAnswer", new JsonObject().put("callId", id).put("device", device)
            .put("timeout", timeout).put("assign", assign)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** POST /calls/{id}: SingleStepTransferCall of the user's leg (or "device") to "to". */
  private void transfer(RoutingContext ctx) {
    long id = CallBody.callId(ctx);
    JsonObject in = CallBody.of(ctx, false);
    String to = CallBody.required(in, "to");
    String device = CallBody.string(in, "device", BearerAuth.state(ctx).getString("ext"));
    String xml = XmlOut.root("SingleStepTransferCall").start("activeCall").leaf("callID", Long.toString(id)).leaf("deviceID", device).end()
        .leaf("transferredTo", to).build();
    command(ctx, xml, null, id)
        .map(r -> new JsonObject().put("transfer", new JsonObject().put("callId", id).put("device", device).put("to", to)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** DELETE /calls/{id}: ClearConnection of the user's own leg, confirmed by its ConnectionClearedEvent. */
  private void clear(RoutingContext ctx) {
    long id = CallBody.callId(ctx);
    String ext = BearerAuth.state(ctx).getString("ext");
    String xml = XmlOut.root("ClearConnection").start("connectionToBeCleared").leaf("callID", Long.toString(id)).leaf("deviceID", ext).end().build();
    command(ctx, xml, "ConnectionClearedEvent", id)
        .map(r -> new JsonObject().put("connectionCleared", CallJson.confirmation(r, id, ext)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** PUT /calls/{id}/hold and /unhold: HoldCall / RetrieveCall, confirmed by HeldEvent / RetrievedEvent. */
  private void hold(RoutingContext ctx, boolean hold) {
    long id = CallBody.callId(ctx);
    String ext = BearerAuth.state(ctx).getString("ext");
    String target = hold ? "callToBeHeld" : "callToBeRetrieved";
    String xml = XmlOut.root(hold ? "HoldCall" : "RetrieveCall").start(target).leaf("callID", Long.toString(id)).leaf("deviceID", ext).end().build();
    command(ctx, xml, hold ? "HeldEvent" : "RetrievedEvent", id)
        .map(r -> new JsonObject().put(hold ? "held" : "retrieved", CallJson.confirmation(r, id, ext)))
        .onSuccess(b -> MxFace.json(ctx, 200, b)).onFailure(ctx::fail);
  }

  /** POST /calls/{id}/conference: CreateConfFromCalls owned by the user (ownerCallId defaults to id); 204. */
  private void conference(RoutingContext ctx) {
    long id = CallBody.callId(ctx);
    JsonObject in = CallBody.of(ctx, true);
    long owner = CallBody.number(in, "ownerCallId", id, 999_999_999_999_999_999L);
    String xml = XmlOut.root("CreateConfFromCalls").leaf("callId", Long.toString(id)).leaf("ownerId", BearerAuth.state(ctx).getString("jid"))
        .leaf("ownerCallId", Long.toString(owner)).build();
    command(ctx, xml, null, id).onSuccess(r -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  /** AssignDevice; MX echoes the device it assigned in AssignDeviceInfo, and another name is a refusal. */
  private Future<Void> assignDevice(RoutingContext ctx, String device) {
    String xml = XmlOut.root("AssignDevice").start("deviceID").attr("type", "device").text(device).end().build();
    return ask(ctx, new JsonObject().put("op", "call").put("xml", xml).put("event", "AssignDeviceInfo"), 500).compose(r -> {
      String echoed = CallJson.assigned(r);
      if (echoed != null && !echoed.equals(device)) return Future.failedFuture(new MxError(400, "bad device name \"" + device + "\""));
      return Future.succeededFuture();
    });
  }

  private Future<JsonObject> command(RoutingContext ctx, String xml, String event, long callId) {
    JsonObject op = new JsonObject().put("op", "call").put("xml", xml).put("callId", Long.toString(callId));
    // the event is only a confirmation: the actor waits for it briefly (2 s) after the reply, then answers without it
    if (event != null) op.put("event", event);
    return ask(ctx, op, 500);
  }

  /** @param cstaStatus the status of a CSTA error for this command (§4: 400 for MakeCall, 500 otherwise) */
  private Future<JsonObject> ask(RoutingContext ctx, JsonObject op, int cstaStatus) {
    return mx.op(ctx.get(BearerAuth.LOGIN), op, cstaStatus, BUS_TIMEOUT_MS);
  }

}
