package org.portier.mxpush;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.config.ConfigValidator;
import org.portier.testing.TestNode;

/** MX Proxy's [voip.fcm] legacy server keys are refused with the way out; [voip.apn] stays accepted. */
@ExtendWith(VertxExtension.class)
class MxPushConfigTest {
  static JsonObject legacyFcm() {
    return new JsonObject().put("voip", new JsonObject().put("fcm", new JsonObject().put("vialer", "AAAA-legacy-server-key")));
  }

  @Test
  void legacyFcmKeyIsRefusedWithTheMigration() {
    assertThat(ConfigValidator.check(legacyFcm())).singleElement().asString()
        .startsWith("voip.fcm.vialer:").contains("FCM legacy server keys no longer work").contains("[push.fcm] serviceAccount");
  }

  @Test
  void voipApnAndAnEmptyFcmTableAreAccepted() {
    JsonObject c = new JsonObject().put("voip", new JsonObject().put("apnTTL", "3m50s")
        .put("apn", new JsonObject().put("certificate.p12", "password")).put("fcm", new JsonObject()));
    assertThat(ConfigValidator.check(c)).isEmpty();
  }

  @Test
  void portierDoesNotStartOnALegacyFcmKey(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir().set("voip", legacyFcm().getJsonObject("voip"));
    Throwable t = node.start(vertx).toCompletionStage().toCompletableFuture().handle((p, e) -> e).get(20, TimeUnit.SECONDS);
    assertThat(t).isNotNull();
    assertThat(String.valueOf(t.getMessage()) + t.getCause()).contains("voip.fcm.vialer").contains("serviceAccount");
    node.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
