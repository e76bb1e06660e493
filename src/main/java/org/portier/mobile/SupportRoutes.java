package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.portier.config.Config;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;

/** sip/helpMe, ext/options and ext/list (contract §4.4, §4.10): what the operator configured for the apps. */
final class SupportRoutes {
  /** Options the contract marks optional: left out while empty. */
  private static final Set<String> OPTIONAL = Set.of("supportPhone", "paymentsUrl", "chatUrl", "guestAccess", "cctvView", "activeTab",
      "issuesVersion", "validationNamePattern", "validationPatronymicPattern", "validationLastPattern");

  private SupportRoutes() {}

  /** The support SIP account from [mobile.helpMe]; port a number, the rest strings; 404 while none is configured. */
  static Future<Reply> helpMe(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    Config c = faces.config().get();
    if (c.string("mobile.helpMe.server").isEmpty()) throw BadInput.notFound("Звонок в поддержку из приложения не настроен у этого оператора");
    JsonObject out = new JsonObject().put("server", c.string("mobile.helpMe.server")).put("port", c.number("mobile.helpMe.port"))
        .put("transport", c.string("mobile.helpMe.transport")).put("extension", c.string("mobile.helpMe.extension"))
        .put("pass", c.string("mobile.helpMe.pass")).put("dial", c.string("mobile.helpMe.dial"));
    if (!c.string("mobile.helpMe.stun").isEmpty()) out.put("stun", c.string("mobile.helpMe.stun"));
    return Future.succeededFuture(Reply.ok(out));
  }

  /** [mobile.options] with timeZone from mobile.timeZone: flags "t"/"f", version a number, issuesVersion a string. */
  static Future<Reply> options(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    Config c = faces.config().get();
    JsonObject out = new JsonObject();
    JsonObject options = c.table("mobile.options");
    for (String k : options.fieldNames()) {
      Object v = options.getValue(k);
      if (OPTIONAL.contains(k) && "".equals(v)) continue;
      out.put(k, "version".equals(k) ? c.number("mobile.options.version") : String.valueOf(v));
    }
    out.put("timeZone", c.string("mobile.timeZone"));
    return Future.succeededFuture(Reply.ok(out));
  }

  /** No web extensions are offered: 204, which both apps read as an empty list. */
  static Future<Reply> extList(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return Future.succeededFuture(Reply.noContent());
  }
}
