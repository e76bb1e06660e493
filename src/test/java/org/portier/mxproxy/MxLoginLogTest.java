package org.portier.mxproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.CapturedLog;

/** POST /auth and the requests after it log the user, never a piece of the Bearer token (nor of the passwords). */
@ExtendWith(VertxExtension.class)
class MxLoginLogTest {
  @Test
  void noPieceOfTheTokenIsLogged(Vertx vertx) throws Exception {
    try (CapturedLog log = CapturedLog.start()) {
      MxLiveSession session = MxLiveSession.start(vertx, n -> { });
      try {
        assertThat(log.text()).as("the login was logged").contains("mx login of " + MxLiveSession.USER);
        var me = session.node.http(HttpMethod.GET, "/auth").bearerTokenAuthentication(session.token).send()
            .toCompletionStage().toCompletableFuture().get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(log.pieceOf(session.token, 8)).as("8 characters of the token in the log").isNull();
        assertThat(log.pieceOf(session.token, 4, "mx login of")).as("4 characters of the token in the login's line").isNull();
        assertThat(log.text()).doesNotContain("mx-secret");
      } finally {
        session.stop();
      }
    }
  }
}
