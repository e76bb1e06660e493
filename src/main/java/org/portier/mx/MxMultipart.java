package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Multi-part MX queries (mx-proxy.md §2.6): the address book in {@code ablist} pages of 50 and the
 * call log in {@code callloginfo} chunks of 21. MX sends the parts by name with no correlation, so
 * each query runs inside {@link MxConnection#exclusive}: two of them on one connection never see
 * each other's parts. Runs on the connection's context; answers the raw parts, in order.
 */
final class MxMultipart {
  static final int PAGE = 50;
  static final int CHUNK = 21;

  private MxMultipart() {}

  static Future<List<String>> addressBook(MxConnection c) {
    return c.exclusive(() -> new Collect(c, "ablist", c.settings().replyTimeout()) {
      private int index;

      @Override
      void start() {
        ask(page(0));
      }

      @Override
      void part(MxMessage m) {
        // a page of another index is a straggler of an abandoned (timed-out) query
        if (intAttr(m, "index", -1) != index) return;
        parts.add(m.xml());
        if ((index + 1) * PAGE < intAttr(m, "size", 0)) ask(page(++index));
        else done.tryComplete(parts);
      }
    }.run(false));
  }

  /**
   * Upstream's completion rule: a chunk of fewer than 21 ends the log; after a full chunk only a
   * short idle wait, as MX may send nothing after an exact multiple. Silence before any chunk
   * (the reply timeout) also ends it, with nothing: MX may answer an empty log with no message.
   */
  static Future<List<String>> callLog(MxConnection c, long timestamp, Duration idle) {
    return c.exclusive(() -> new Collect(c, "callloginfo", c.settings().replyTimeout()) {
      @Override
      void start() {
        ask(XmlOut.root("iq").attr("type", "get").attr("id", "calllog").attr("timestamp", Long.toString(timestamp)).build());
      }

      @Override
      void part(MxMessage m) {
        parts.add(m.xml());
        long entries = m.root().children().stream().filter(n -> n.name().equals("callinfo")).count();
        if (entries < CHUNK) done.tryComplete(parts);
        else arm(idle);
      }
    }.run(true));
  }

  private static String page(int index) {
    return XmlOut.root("iq").attr("type", "get").attr("id", "addressbook").attr("index", Integer.toString(index)).build();
  }

  private static int intAttr(MxMessage m, String name, int otherwise) {
    try {
      return Integer.parseInt(String.valueOf(m.root().attr(name)).trim());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** One collection: subscribe by name, send, restart the wait on each part, end on completion, silence or error. */
  private abstract static class Collect {
    final MxConnection c;
    final Vertx vertx = Vertx.currentContext().owner();
    final Promise<List<String>> done = Promise.promise();
    final List<String> parts = new ArrayList<>();
    private final String name;
    private final Duration wait;
    private long timer = -1;
    private boolean silenceEnds;

    Collect(MxConnection c, String name, Duration wait) {
      this.c = c;
      this.name = name;
      this.wait = wait;
    }

    abstract void start();

    abstract void part(MxMessage m);

    Future<List<String>> run(boolean silenceEnds) {
      if (c.state() != MxConnection.State.READY) return Future.failedFuture(c.notReady());
      this.silenceEnds = silenceEnds;
      MxSubscription sub = c.subscribe(Set.of(name), null, this::part);
      start();
      return done.future().onComplete(ar -> {
        sub.cancel();
        if (timer != -1) vertx.cancelTimer(timer);
      });
    }

    /**
     * Sends one request. Whether MX answers with the request's invoke id or as events is unknown,
     * so the direct reply only matters when it is an error (CSTA, connection lost); its timeout
     * is left to the collection's own wait.
     */
    void ask(String xml) {
      arm(wait);
      c.send(xml, wait).onFailure(e -> {
        if (MxException.statusOf(e) != 504) done.tryFail(e);
      });
    }

    void arm(Duration d) {
      if (timer != -1) vertx.cancelTimer(timer);
      timer = vertx.setTimer(Math.max(1, d.toMillis()), t -> {
        timer = -1;
        if (silenceEnds) done.tryComplete(parts);
        else done.tryFail(MxException.timeout("mx response timeout"));
      });
    }
  }
}
