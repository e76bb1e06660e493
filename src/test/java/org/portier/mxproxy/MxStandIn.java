package org.portier.mxproxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.portier.bus.Addresses;

/**
 * Stands in for the MX connection actor (built in parallel) on the bus contract of
 * {@link Addresses#MX_CONNECT} and following, as an outbound interceptor like PushStandIn, so it
 * keeps working with the real actor deployed (every node deploys it). Requests for users it does
 * not know pass through to the real actor; while {@link #absent} is set every MX request fails the
 * way it does when no MX actor runs (NO_HANDLERS). mx.connect fails 403 for logins starting with
 * "mxdenied", 504 with "mxslow".
 */
final class MxStandIn implements AutoCloseable {
  private final Vertx vertx;
  private final Handler<DeliveryContext<Object>> interceptor = this::intercept;
  /** login → {"state","since","ext","jid","mx","host","mxLogin"}: the users the stand-in holds. */
  final Map<String, JsonObject> users = new ConcurrentHashMap<>();
  /** The last mx.connect request per login (with the MX password, to check the mapping). */
  final Map<String, JsonObject> connects = new ConcurrentHashMap<>();
  volatile boolean absent;

  private MxStandIn(Vertx vertx) {
    this.vertx = vertx;
  }

  static MxStandIn install(Vertx vertx) {
    MxStandIn s = new MxStandIn(vertx);
    vertx.eventBus().addOutboundInterceptor(s.interceptor);
    return s;
  }

  void state(String login, String state) {
    users.computeIfPresent(login, (k, v) -> v.copy().put("state", state));
  }

  @SuppressWarnings("unchecked")
  private void intercept(DeliveryContext<Object> ctx) {
    String address = ctx.message().address();
    boolean mx = address.equals(Addresses.MX_CONNECT) || address.equals(Addresses.MX_LOGOUT) || address.equals(Addresses.MX_CONNECTIONS)
        || address.startsWith(MxBus.USER_PREFIX);
    if (mx && absent) {
      // what a request to an address without a consumer gets: the MX actor is down
      Message<Object> m = ctx.message();
      vertx.runOnContext(v -> m.reply(new io.vertx.core.eventbus.ReplyException(io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS,
          "No handlers for address " + address)));
      return;
    }
    boolean ours = mx && (!address.startsWith(MxBus.USER_PREFIX) || users.containsKey(address.substring(MxBus.USER_PREFIX.length())));
    if (!ours) {
      ctx.next();
      return;
    }
    Message<Object> m = ctx.message();
    JsonObject body = ((JsonObject) m.body()).copy();
    vertx.runOnContext(v -> answer(address, body, m));
  }

  private void answer(String address, JsonObject body, Message<Object> m) {
    switch (address) {
      case Addresses.MX_CONNECT -> {
        String login = body.getString("login");
        connects.put(login, body);
        if (login.startsWith("mxdenied")) {
          m.fail(403, "Login failed: wrong password");
        } else if (login.startsWith("mxslow")) {
          m.fail(504, "mx response timeout");
        } else {
          JsonObject u = new JsonObject().put("login", login).put("state", "READY").put("ext", "3095").put("jid", "43884851147406145")
              .put("mx", "63022").put("since", System.currentTimeMillis()).put("softPhonePwd", "soft-" + login)
              .put("host", body.getString("host") + ":" + body.getInteger("port")).put("mxLogin", body.getString("mxLogin"))
              .put("mxPassword", body.getString("mxPassword"));
          users.put(login, u);
          m.reply(new JsonObject().put("login", login).put("state", "READY").put("ext", u.getString("ext"))
              .put("jid", u.getString("jid")).put("mx", u.getString("mx")).put("since", u.getLong("since")));
        }
      }
      case Addresses.MX_LOGOUT -> {
        String login = body.getString("login");
        if (users.remove(login) == null) m.fail(404, "not found");
        else m.reply(new JsonObject().put("userLogout", login));
      }
      case Addresses.MX_CONNECTIONS -> {
        JsonArray list = new JsonArray();
        // the real actor's entries: the stand-in sends the MX password too, so tests prove the face drops it
        users.values().forEach(u -> list.add(u.copy()));
        m.reply(new JsonObject().put("connections", list));
      }
      default -> {
        JsonObject u = users.get(address.substring(MxBus.USER_PREFIX.length()));
        if (u == null) {
          m.fail(404, "no such user");
          return;
        }
        JsonObject reply = new JsonObject();
        for (String f : new String[] {"state", "since", "ext", "jid", "mx", "softPhonePwd"}) reply.put(f, u.getValue(f));
        m.reply(reply);
      }
    }
  }

  @Override
  public void close() {
    vertx.eventBus().removeOutboundInterceptor(interceptor);
  }
}
