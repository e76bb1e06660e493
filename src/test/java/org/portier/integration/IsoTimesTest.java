package org.portier.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;

/** Every time on the integration face is an ISO-8601 UTC string, like the door calls' (2026-12-04T03:24:00.123Z). */
@ExtendWith(VertxExtension.class)
class IsoTimesTest {
  private static final String ISO_UTC = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})?Z";
  private TestNode node;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext tc) {
    node = TestNode.inTempDir();
    node.set("otp.confirmationNumbers", new JsonArray().add("+74950000000"));
    node.start(vertx).onComplete(tc.succeedingThenComplete());
  }

  @AfterEach
  void stop(VertxTestContext tc) {
    node.stop().onComplete(tc.succeedingThenComplete());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** An ISO-8601 UTC string within a minute of now. */
  private static void assertRecentIso(Object value) {
    assertThat(value).isInstanceOf(String.class);
    assertThat((String) value).matches(ISO_UTC);
    assertThat(Duration.between(Instant.parse((String) value), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void housesAndVerificationCallsAnswerIsoStrings() throws Exception {
    JsonObject house = await(node.create("/houses", new JsonObject().put("address", "Lenina 1")));
    assertRecentIso(house.getValue("createdAt"));
    HttpResponse<Buffer> one = await(node.integration(HttpMethod.GET, "/houses/" + house.getString("id")).send());
    assertThat(one.bodyAsJsonObject().getValue("createdAt")).isEqualTo(house.getValue("createdAt"));
    HttpResponse<Buffer> list = await(node.integration(HttpMethod.GET, "/houses").send());
    assertRecentIso(list.bodyAsJsonArray().getJsonObject(0).getValue("createdAt"));

    JsonObject call = await(node.create("/verification-calls", new JsonObject().put("from", "79001234567").put("to", "+74950000000")));
    assertRecentIso(call.getValue("calledAt"));
  }
}
