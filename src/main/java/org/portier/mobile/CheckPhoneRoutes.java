package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.portier.config.Config;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;
import org.portier.store.Store;

/**
 * user/checkPhone (contract §3.3), the outgoingCall login: the user calls one of
 * otp.confirmationNumbers from the phone being registered, the SIP server reports the call
 * ({@link VerificationCallRoutes}), and the app, polling every 3-5 s, is logged in exactly like
 * confirmCode once such a call came within otp.callWindow. One call logs in one device. Until
 * then the answer is 401, which the apps treat as "not yet" on this unauthenticated method.
 * A test number (otp.testNumbers) never logs in here: it types its fixed code into confirmCode.
 */
final class CheckPhoneRoutes {
  static final String NOT_YET = "Звонок с этого номера ещё не поступил: позвоните на указанный номер и подождите";
  static final String TEST_NUMBER = "Тестовый номер входит только по своему коду (user/requestCode, затем user/confirmCode)";

  private CheckPhoneRoutes() {}

  static boolean outgoingCall(Config c) {
    return "outgoingCall".equals(c.string("otp.method"));
  }

  /** The requestCode answer of the outgoingCall method. */
  static JsonObject callInstructions(Config c) {
    return new JsonObject().put("method", "outgoingCall").put("confirmationNumbers", new JsonArray(c.strings("otp.confirmationNumbers")));
  }

  static Future<Reply> checkPhone(Faces faces, RoutingContext ctx) {
    Config c = faces.config().get();
    RateLimits limits = RateLimits.of(faces.vertx());
    limits.hit(c, "checkPhonePerIp", RateLimits.clientIp(ctx, c));
    Input in = Input.of(JsonBodies.object(ctx, true));
    String phone = LoginRoutes.phone(in);
    limits.hit(c, "checkPhonePerPhone", phone);
    Logins.Request login = LoginRoutes.loginRequest(ctx, in, phone, null);
    // A test number's fixed code is its only proof: without this, anyone who knows a test number
    // would be logged in by polling checkPhone, no code and no call needed.
    if (c.table("otp.testNumbers").containsKey(phone)) return Future.failedFuture(new BadInput(401, TEST_NUMBER));
    long since = Store.now() - c.duration("otp.callWindow").toMillis();
    // Look first outside a transaction: most polls find nothing and should cost one indexed read.
    return faces.pool().preparedQuery("SELECT id FROM verification_calls WHERE from_phone = ? AND used_at IS NULL AND called_at > ?"
            + " ORDER BY called_at DESC").execute(Tuple.of(phone, since))
        .compose(rs -> {
          if (rs.size() == 0) return Future.failedFuture(new BadInput(401, NOT_YET));
          long callId = rs.iterator().next().getLong(0);
          return Logins.login(faces, login, conn -> use(conn, callId));
        })
        .map(Reply::ok);
  }

  /** Marks the call used inside the login transaction; a concurrent poll that used it first makes this one "not yet". */
  private static Future<Void> use(SqlConnection c, long callId) {
    return c.preparedQuery("UPDATE verification_calls SET used_at = ? WHERE id = ? AND used_at IS NULL").execute(Tuple.of(Store.now(), callId))
        .compose(rs -> rs.rowCount() == 1 ? Future.<Void>succeededFuture() : Future.failedFuture(new BadInput(401, NOT_YET)));
  }
}
