package org.portier.mxproxy;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.portier.config.Config;
import org.portier.http.Faces;

/**
 * PUT and DELETE /tokens/{apn|fcm}/{topic}/{token}: a user's device tokens for the pushes of MX
 * events. APNs "?sandbox" (any value) marks a development-environment token; MX Proxy appended
 * "~" to the topic for that, we keep a column instead. Checks, in MX Proxy's order and words:
 * type (404 unsupported push type), topic (404 when a topic list is configured and it is not
 * on it), token (400 bad push token: 20-1024 characters of the providers' alphabet).
 */
final class TokenRoutes {
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,255}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:\\-.]{20,1024}");

  private TokenRoutes() {}

  static void put(RoutingContext ctx, Faces faces) {
    Target t = target(ctx, faces.config().get());
    PushTokens.put(faces.pool(), t.type, t.topic, t.token, ctx.get(BearerAuth.LOGIN), t.sandbox)
        .onSuccess(v -> MxFace.noContent(ctx)).onFailure(ctx::fail);
  }

  static void delete(RoutingContext ctx, Faces faces) {
    Target t = target(ctx, faces.config().get());
    PushTokens.delete(faces.pool(), t.type, t.topic, t.token, ctx.get(BearerAuth.LOGIN)).onSuccess(found -> {
      if (found) MxFace.noContent(ctx);
      else MxFace.error(ctx, 404, "not found");
    }).onFailure(ctx::fail);
  }

  private record Target(String type, String topic, String token, boolean sandbox) {}

  private static Target target(RoutingContext ctx, Config c) {
    String type = ctx.pathParam("type");
    String topic = ctx.pathParam("topic");
    String token = ctx.pathParam("token");
    boolean sandbox = ctx.request().params().contains("sandbox");
    if (!"apn".equals(type) && !"fcm".equals(type)) {
      throw new MxError(404, "unsupported push type \"" + printable(type) + "\"");
    }
    if (topic == null || !TOPIC.matcher(topic).matches()) {
      throw new MxError(404, "apn".equals(type) ? "unsupported APNS topic ID or sandbox flag" : "unsupported FCM application ID");
    }
    if ("apn".equals(type)) {
      // push.apns.bundle set: the app's topics are the bundle and its VoIP topic; otherwise any well-formed topic
      String bundle = c.string("push.apns.bundle");
      if (!bundle.isEmpty() && !topic.equals(bundle) && !topic.equals(bundle + ".voip")) {
        throw new MxError(404, "unsupported APNS topic ID or sandbox flag");
      }
    } else if (!c.strings("mxproxy.fcmApps").isEmpty() && !c.strings("mxproxy.fcmApps").contains(topic)) {
      // MX Proxy's app list was the [voip.fcm] key table; its legacy keys are refused now, so the names moved here
      throw new MxError(404, "unsupported FCM application ID");
    }
    if (token == null || !TOKEN.matcher(token).matches()) throw new MxError(400, "bad push token");
    return new Target(type, topic, token, "apn".equals(type) && sandbox);
  }

  private static String printable(String s) {
    if (s == null) return "";
    String t = s.replaceAll("[^\\x20-\\x7e]", "?");
    return t.length() > 16 ? t.substring(0, 16) + "…" : t;
  }
}
