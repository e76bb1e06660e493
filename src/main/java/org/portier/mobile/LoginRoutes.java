package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.portier.config.Config;
import org.portier.http.BadInput;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.http.JsonBodies;
import org.portier.phone.Phones;

/** user/phonePattern, user/requestCode and user/confirmCode (contract §3.2-3.3): no bearer needed. */
final class LoginRoutes {
  private static final String[] PLATFORMS = {"android", "ios", "web"};

  private LoginRoutes() {}

  /** The input mask of the login screen; data is dropped when none is configured. */
  static Future<Reply> phonePattern(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    return Future.succeededFuture(Reply.ok(faces.config().get().string("mobile.phonePattern")));
  }

  /**
   * Stores a code and sends it by SMS, or only stores it for a configured test number. The
   * challenge row exists before the SMS leaves and is withdrawn when the gateway fails.
   */
  static Future<Reply> requestCode(Faces faces, RoutingContext ctx) {
    Config c = faces.config().get();
    RateLimits limits = RateLimits.of(faces.vertx());
    limits.hit(c, "requestCodePerIp", RateLimits.clientIp(ctx, c));
    Input in = Input.of(JsonBodies.object(ctx, true));
    String phone = phone(in);
    // Neither app sends method; the server's otp.method decides how codes travel.
    in.optString("method", 1, 32);
    limits.hit(c, "requestCodePerPhone", phone);
    Object fixed = c.table("otp.testNumbers").getValue(phone);
    String testCode = fixed == null ? null : fixed.toString();
    if (CheckPhoneRoutes.outgoingCall(c)) {
      // The user proves the phone by calling us; a test number may also type its fixed code.
      Reply call = Reply.ok(CheckPhoneRoutes.callInstructions(c));
      return testCode == null ? Future.succeededFuture(call)
          : OtpChallenges.open(faces.pool(), phone, testCode, c.duration("otp.ttl").toMillis()).map(call);
    }
    if (testCode == null && !SmsGateway.configured(c)) {
      return Future.failedFuture(new MobileError(503, "Отправка SMS не настроена на сервере, вход по коду сейчас невозможен"));
    }
    String code = testCode != null ? testCode : OtpChallenges.newCode();
    Reply reply = Reply.ok(new JsonObject().put("method", c.string("otp.method")));
    Future<Void> stored = OtpChallenges.open(faces.pool(), phone, code, c.duration("otp.ttl").toMillis());
    if (testCode != null) return stored.map(reply);
    return stored.compose(v -> SmsGateway.send(faces, c, phone, code)
            .recover(e -> OtpChallenges.withdraw(faces.pool(), phone, code)
                .transform(x -> Future.failedFuture(new MobileError(503, "Не удалось отправить SMS с кодом, повторите попытку позже")))))
        .map(reply);
  }

  /** Checks the code, then logs the device in: 200 {accessToken, names}. */
  static Future<Reply> confirmCode(Faces faces, RoutingContext ctx) {
    RateLimits limits = RateLimits.of(faces.vertx());
    limits.hit(faces.config().get(), "confirmCodePerIp", RateLimits.clientIp(ctx, faces.config().get()));
    Input in = Input.of(JsonBodies.object(ctx, true));
    String phone = phone(in);
    limits.hit(faces.config().get(), "confirmCodePerPhone", phone);
    String code = in.string("smsCode", 0, 64);
    if (!code.matches("\\d{4}")) throw BadInput.unprocessable("Код должен состоять из 4 цифр (smsCode)");
    Logins.Request login = loginRequest(ctx, in, phone, code);
    long maxAttempts = faces.config().get().number("otp.maxAttempts");
    return OtpChallenges.check(faces.pool(), phone, code, maxAttempts)
        .compose(v -> Logins.login(faces, login))
        .map(Reply::ok);
  }

  /** The device part of a login (confirmCode, checkPhone): deviceToken and platform when the app sends them, else the headers. */
  static Logins.Request loginRequest(RoutingContext ctx, Input in, String phone, String code) {
    String deviceToken = in.optString("deviceToken", 1, 127);
    String platform = in.has("platform") ? PLATFORMS[(int) in.optInteger("platform", 0, 2, 0)] : null;
    ClientInfo client = ClientInfo.of(ctx);
    String fingerprint = deviceToken != null ? "*" + deviceToken : client.fingerprint();
    return new Logins.Request(phone, code, fingerprint, platform, client);
  }

  static String phone(Input in) {
    String raw = in.string("userPhone", 0, 32);
    String phone = Phones.normalize(raw);
    if (phone == null) throw BadInput.unprocessable("Неверный номер телефона (userPhone): нужно 11 цифр, например 79001234567");
    return phone;
  }
}
