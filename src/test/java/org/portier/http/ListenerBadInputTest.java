package org.portier.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.portier.testing.TestNode;
import org.slf4j.LoggerFactory;

/**
 * Client mistakes in framing and encoding, sent on raw sockets without any API key: each is a 4xx
 * in the face's format (or a closed connection for broken framing), at most one log line, never
 * a stack trace; a request smuggled behind an ambiguous one is never answered.
 */
@ExtendWith(VertxExtension.class)
class ListenerBadInputTest {
  private TestNode node;
  private ListAppender<ILoggingEvent> log;
  private Logger root;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = TestNode.inTempDir();
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // The door-call actor loads its live calls after the port answers and logs when done: wait for
    // that line, so the per-request log counts below see only what the requests caused.
    java.util.concurrent.CompletableFuture<Void> loaded = new java.util.concurrent.CompletableFuture<>();
    log = new ListAppender<>() {
      @Override
      protected void append(ILoggingEvent e) {
        if (e.getFormattedMessage().startsWith("live door calls loaded")) loaded.complete(null);
        else super.append(e);
      }
    };
    log.start();
    root.addAppender(log);
    get(node.start(vertx));
    loaded.get(20, TimeUnit.SECONDS);
    log.list.clear();
  }

  @AfterEach
  void stop() throws Exception {
    root.detachAppender(log);
    get(node.stop());
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Sends the raw request on a new connection and answers all that came back before the server closed or went quiet. */
  private String exchange(String request) throws Exception {
    log.list.clear();
    try (RawHttp h = RawHttp.connect(node.httpPort)) {
      h.send(request);
      String answer = h.readAll(1500);
      List<ILoggingEvent> events = List.copyOf(log.list);
      assertThat(events).as("log lines for " + request).hasSizeLessThanOrEqualTo(1);
      for (ILoggingEvent e : events) assertThat(e.getThrowableProxy()).as("stack trace logged: " + e.getFormattedMessage()).isNull();
      return answer;
    }
  }

  private static int status(String answer) {
    assertThat(answer).startsWith("HTTP/1.");
    return Integer.parseInt(answer.substring(9, 12));
  }

  private static JsonObject body(String answer) {
    return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  private static String post(String path, String encoding) {
    String json = "{\"userPhone\":\"79001234567\"}";
    return "POST " + path + " HTTP/1.1\r\nHost: portier\r\nContent-Type: application/json\r\nContent-Encoding: " + encoding
        + "\r\nContent-Length: " + json.length() + "\r\n\r\n" + json;
  }

  @Test
  void aCompressedBodyIsRefusedInEachFacesFormat() throws Exception {
    String mobile = exchange(post("/mobile/user/requestCode", "gzip"));
    assertThat(status(mobile)).isEqualTo(415);
    assertThat(body(mobile).getInteger("code")).isEqualTo(415);
    assertThat(body(mobile).getString("message")).contains("Content-Encoding gzip");

    String integration = exchange(post("/integration/v1/houses", "deflate"));
    assertThat(status(integration)).isEqualTo(415);
    assertThat(body(integration).getInteger("status")).isEqualTo(415);
    assertThat(body(integration).getString("error")).isEqualTo("Unsupported Media Type");
    assertThat(body(integration).getString("message")).contains("Content-Encoding deflate");

    String sip = exchange(post("/sip/asterisk/ps_endpoints/single", "gzip"));
    assertThat(status(sip)).isEqualTo(415);
    assertThat(body(sip).getString("error")).contains("Content-Encoding gzip");

    String mx = exchange(post("/auth", "gzip").replace("application/json", "application/x-www-form-urlencoded"));
    assertThat(status(mx)).isEqualTo(415);
    assertThat(mx).contains("Server: Portier");
    assertThat(body(mx).fieldNames()).containsExactly("error");
  }

  @Test
  void anHttp11RequestWithoutHostIs400InTheFacesFormat() throws Exception {
    String mobile = exchange("POST /mobile/user/requestCode HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}");
    assertThat(status(mobile)).isEqualTo(400);
    assertThat(body(mobile).getString("message")).contains("Host");
    String integration = exchange("GET /integration/v1/houses HTTP/1.1\r\n\r\n");
    assertThat(status(integration)).isEqualTo(400);
    assertThat(body(integration).getString("error")).isEqualTo("Bad Request");
    String mx = exchange("GET /auth HTTP/1.1\r\n\r\n");
    assertThat(status(mx)).isEqualTo(400);
    assertThat(body(mx).getString("error")).contains("Host");
    // HTTP/1.0 has no Host requirement (load-balancer probes often send none)
    assertThat(status(exchange("GET /health HTTP/1.0\r\n\r\n"))).isEqualTo(200);
  }

  @Test
  void aMalformedChunkSizeClosesTheConnectionQuietly() throws Exception {
    for (String path : new String[] {"/mobile/user/requestCode", "/integration/v1/houses", "/auth", "/sip/v1/credentials/1"}) {
      String answer = exchange("POST " + path + " HTTP/1.1\r\nHost: portier\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
      if (!answer.isEmpty()) assertThat(status(answer)).as(path).isEqualTo(400);
    }
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheSmuggledRequestNeverAnswered() throws Exception {
    for (String path : new String[] {"/mobile/user/requestCode", "/integration/v1/houses", "/auth"}) {
      String answer;
      try (RawHttp h = RawHttp.connect(node.httpPort)) {
        log.list.clear();
        h.send("POST " + path + " HTTP/1.1\r\nHost: portier\r\nContent-Type: application/json\r\nContent-Length: 4\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health HTTP/1.1\r\nHost: portier\r\n\r\n");
        answer = h.readAll(1500);
        assertThat(h.closedWithin(2000)).as("closed after the answer").isTrue();
      }
      assertThat(status(answer)).as(path).isEqualTo(400);
      assertThat(answer.split("HTTP/1\\.1 ", -1)).as("one answer only: " + answer).hasSize(2);
      assertThat(answer).doesNotContain("\"status\":\"ok\"");
      assertThat(answer).contains("Content-Length and Transfer-Encoding");
      assertThat(log.list).hasSizeLessThanOrEqualTo(1);
      for (ILoggingEvent e : log.list) assertThat(e.getThrowableProxy()).isNull();
    }
  }
}
