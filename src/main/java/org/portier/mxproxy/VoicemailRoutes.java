package org.portier.mxproxy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.portier.config.Config;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;
import org.portier.mx.XmlOut;

/**
 * GET /voicemails, GET/DELETE/PATCH /voicemails/{id} (mx-proxy.md §2.6). Each is one MX command
 * through the connection actor; the file download is {@link VoicemailDownload}. A CSTA error on a
 * single voicemail is 404 "not found", as MX Proxy answered; on the list, 500 with its text.
 */
final class VoicemailRoutes {
  private final MxSend mx;

  VoicemailRoutes(Vertx vertx, Supplier<Config> config) {
    this.mx = new MxSend(vertx, config);
  }

  void list(RoutingContext ctx) {
    String ext = BearerAuth.state(ctx).getString("ext", "");
    mx.send(ctx.get(BearerAuth.LOGIN), XmlOut.root("MailGetListIncoming").leaf("userID", ext).build(), 500)
        .map(r -> new JsonObject().put("voiceMails", mails(r.getString("xml"))))
        .onSuccess(body -> MxFace.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  void file(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "voicemail");
    new VoicemailDownload(mx, ctx, id).start();
  }

  void delete(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "voicemail");
    mx.send(ctx.get(BearerAuth.LOGIN), XmlOut.root("MailDeleteIncoming").leaf("mailId", id).build(), 404)
        .onSuccess(r -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  /** {read?, note?}: at least one; each is its own MX command, read first (as MX Proxy did). */
  void patch(RoutingContext ctx) {
    String id = JsonRequestBody.id(ctx, "voicemail");
    JsonObject body = JsonRequestBody.parse(ctx);
    Object read = body.getValue("read");
    Object note = body.getValue("note");
    if (read != null && !(read instanceof Boolean)) throw new MxError(400, "bad request: read must be true or false");
    if (note != null && !(note instanceof String)) throw new MxError(400, "bad request: note must be a string");
    if (read == null && note == null) throw new MxError(400, "bad request");
    String login = ctx.get(BearerAuth.LOGIN);
    JsonObject vm = new JsonObject();
    io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
    if (read != null) {
      done = done.compose(x -> mx.send(login, XmlOut.root("MailSetStatus").leaf("mailId", id).leaf("read", read.toString()).build(), 404))
          .map(r -> { vm.put("read", read); return null; });
    }
    if (note != null) {
      done = done.compose(x -> mx.send(login, XmlOut.root("UpdateVmNote").leaf("mailId", id).leaf("note", (String) note).build(), 404))
          .map(r -> { vm.put("note", note); return null; });
    }
    done.onSuccess(x -> MxFace.json(ctx, 200, new JsonObject().put("vm", vm))).onFailure(ctx::fail);
  }

  /** mail rows → the seed's objects sorted by id; empty fields left out, an empty list is [] (MX Proxy sent null). */
  static JsonArray mails(String xml) {
    List<JsonObject> out = new ArrayList<>();
    for (XmlNode m : MxXml.parse(xml).children()) {
      if (!m.name().equals("mail")) continue;
      JsonObject v = new JsonObject();
      for (String a : new String[] {"from", "fromName", "callerName", "to", "ownerType"}) put(v, a, m.attr(a));
      put(v, "id", m.textAt("mailId"));
      number(v, "received", m.textAt("received"));
      number(v, "duration", m.textAt("duration"));
      String read = m.textAt("read");
      if ("true".equalsIgnoreCase(read)) v.put("read", true);
      put(v, "note", m.textAt("note"));
      out.add(v);
    }
    out.sort(Comparator.comparingLong((JsonObject v) -> idNumber(v.getString("id"))).thenComparing(v -> v.getString("id", "")));
    return new JsonArray(new ArrayList<>(out));
  }

  private static long idNumber(String id) {
    try {
      return id == null ? Long.MAX_VALUE : Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void put(JsonObject o, String k, String v) {
    if (v != null && !v.isBlank()) o.put(k, v.trim());
  }

  private static void number(JsonObject o, String k, String v) {
    if (v == null || v.isBlank()) return;
    try {
      long n = Long.parseLong(v.trim());
      if (n != 0) o.put(k, n);
    } catch (NumberFormatException e) {
      // MX never sends a non-numeric time or duration; leaving it out beats failing the whole list
    }
  }
}
