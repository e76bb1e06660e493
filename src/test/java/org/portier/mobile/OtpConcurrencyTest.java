package org.portier.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Wrong codes sent at once are counted one by one: no more than otp.maxAttempts of them are judged. */
class OtpConcurrencyTest extends MobileTestBase {
  private static final String PHONE = "79001234567";

  @Test
  void twentyConcurrentWrongCodesGetAtMostMaxAttemptsTriesAndBurnTheCode() throws Exception {
    assertThat(post("user/requestCode", phoneBody(PHONE)).statusCode()).isEqualTo(200);
    String code = codeFrom(sms.next());
    String wrong = code.equals("0000") ? "1111" : "0000";
    // one connection per request, so all twenty are in the server at once
    WebClient client = WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(20));
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(client.post(node.httpPort, "127.0.0.1", "/mobile/user/confirmCode").sendJsonObject(codeBody(PHONE, wrong)));
    }
    await(Future.join(sent));
    client.close();
    int judged = 0;
    for (Future<HttpResponse<Buffer>> f : sent) {
      HttpResponse<Buffer> r = f.result();
      String message = r.bodyAsJsonObject().getString("message");
      // each answer is "wrong" (a try was counted), "burned" or "no live code" (already deleted)
      assertThat(r.statusCode()).as(message).isIn(403, 404);
      if (message.startsWith(OtpChallenges.WRONG)) judged++;
    }
    assertThat(judged).as("wrong codes judged").isBetween(1, 5);
    // the right code comes too late: the challenge is burned
    HttpResponse<Buffer> right = post("user/confirmCode", codeBody(PHONE, code));
    assertThat(right.statusCode()).as(right.bodyAsString()).isIn(403, 404);
    assertThat(count("SELECT COUNT(*) FROM devices")).isZero();
  }
}
