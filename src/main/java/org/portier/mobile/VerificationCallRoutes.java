package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.OperatorApi;
import org.portier.phone.Phones;
import org.portier.store.Store;

/**
 * POST /integration/v1/verification-calls {"from", "to"} on the integration face: the SIP server
 * saw a call from {@code from} (any of +7…, 7…, 8…) to {@code to}, which must be one of
 * otp.confirmationNumbers (else 422). 201 {"id", "from", "to", "calledAt"}; user/checkPhone of
 * that phone then logs in once within otp.callWindow. Rows older than a day are dropped here.
 */
public final class VerificationCallRoutes {
  private static final long KEEP_MILLIS = 24L * 3600 * 1000;

  private VerificationCallRoutes() {}

  public static void mount(Router r, Faces faces) {
    r.post("/verification-calls").handler(ctx -> OperatorApi.respond(ctx, 201, report(faces, ctx)));
  }

  private static Future<JsonObject> report(Faces faces, RoutingContext ctx) {
    Input in = Input.of(OperatorApi.body(ctx)).only("from", "to");
    String from = Phones.normalize(in.string("from", 1, 32));
    if (from == null) throw BadInput.unprocessable("from must be the caller's phone number, 11 digits like 79001234567 (a leading + or 8 is fine)");
    String to = in.string("to", 1, 32);
    String confirmation = faces.config().get().strings("otp.confirmationNumbers").stream()
        .filter(n -> digits(n).equals(digits(to))).findFirst().orElse(null);
    if (confirmation == null) throw BadInput.unprocessable("to must be one of otp.confirmationNumbers, not \"" + Input.truncate(to) + "\"");
    long now = Store.now();
    return faces.ids().next("verification_calls")
        .compose(id -> faces.pool().withTransaction(c -> c.preparedQuery("DELETE FROM verification_calls WHERE called_at < ?")
                .execute(Tuple.of(now - KEEP_MILLIS))
                .compose(d -> c.preparedQuery("INSERT INTO verification_calls (id, from_phone, to_number, called_at) VALUES (?, ?, ?, ?)")
                    .execute(Tuple.of(id, from, confirmation, now))))
            .map(v -> new JsonObject().put("id", Long.toString(id)).put("from", from).put("to", confirmation).put("calledAt", org.portier.store.Times.iso(now))));
  }

  /** Digits only, with a Russian trunk 8 read as 7, so "+7 495 000-00-00" and "84950000000" match. */
  private static String digits(String number) {
    String d = number.replaceAll("\\D", "");
    return d.length() == 11 && d.startsWith("8") ? "7" + d.substring(1) : d;
  }
}
