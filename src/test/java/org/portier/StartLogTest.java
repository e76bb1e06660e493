package org.portier;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.bus.Addresses;
import org.portier.config.Config;
import org.portier.config.ConfigLoader;
import org.portier.testing.LogCapture;
import org.portier.testing.TestNode;

/** What an operator reads at start: the faces and their URLs, the warnings that matter and none that do not; the command line's own answers. */
@ExtendWith(VertxExtension.class)
class StartLogTest {
  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void theStartLineListsEveryFaceAndTestNumbersAreWarnedAboutAtStartAndReload(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    try (LogCapture log = LogCapture.of("org.portier")) {
      get(node.start(vertx));
      try {
        String base = "http://127.0.0.1:" + node.httpPort;
        LogCapture.Line started = log.await(l -> l.message().startsWith("Portier ") && l.message().contains(" started on "), java.time.Duration.ofSeconds(5));
        assertThat(started.message()).contains(node.configFile().toString(), "integration " + base + "/integration/v1/",
            "mobile " + base + "/mobile/", "sip realtime " + base + "/sip/", "MX face " + base + "/", "admin http://127.0.0.1:" + node.adminPort + "/");
        assertThat(log.matching(l -> l.level().equals("WARN") && l.message().startsWith("otp.testNumbers holds 1 test number"))).hasSize(1);

        node.set("doorcall.callerId", "Подъезд 9").writeConfig();
        get(vertx.eventBus().request(Addresses.CONFIG_RELOAD, new JsonObject()));
        assertThat(log.matching(l -> l.level().equals("WARN") && l.message().startsWith("otp.testNumbers holds 1 test number"))).hasSize(2);
      } finally {
        get(node.stop());
      }
    }
  }

  @Test
  void aNodeWithoutTestNumbersOrMxWarnsAboutNeither(Vertx vertx) throws Exception {
    TestNode node = TestNode.inTempDir();
    node.conf.getJsonObject("otp").put("testNumbers", new JsonObject());
    try (LogCapture log = LogCapture.of("org.portier")) {
      get(node.start(vertx));
      get(node.stop());
      assertThat(log.matching(l -> l.message().contains("otp.testNumbers"))).isEmpty();
      // no MX is configured (no [apps], no MX users): nothing about MX certificates or links
      assertThat(log.matching(l -> !l.level().equals("INFO") && !l.level().equals("DEBUG")
          && (l.logger().startsWith("org.portier.mx") || l.message().contains("mx.")))).isEmpty();
    }
  }

  @Test
  void theShippedConfigLoadsListensOnLoopbackAndHasNoTestNumbers() {
    Config c = ConfigLoader.load(Path.of("conf/portier.toml"));
    assertThat(c.table("otp.testNumbers").isEmpty()).isTrue();
    assertThat(c.string("http.host")).isEqualTo("127.0.0.1");
    assertThat(c.string("adminWeb")).startsWith("127.0.0.1:");
  }

  @Test
  void versionAndHelpAnswerWithoutStartingAnything() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertThat(Main.answer(new String[] {"--version"}, o, e)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).matches("portier \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    out.reset();
    assertThat(Main.answer(new String[] {"-h"}, o, e)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: portier [--demo] [config.toml]").contains("--version");
    assertThat(Main.answer(new String[] {"--bogus"}, o, e)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus");
    // these start Portier
    assertThat(Main.answer(new String[] {}, o, e)).isNull();
    assertThat(Main.answer(new String[] {"--demo", "my.toml"}, o, e)).isNull();
    assertThat(Main.answer(new String[] {"my.toml"}, o, e)).isNull();
  }
}
