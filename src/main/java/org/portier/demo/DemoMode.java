package org.portier.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import org.portier.Portier;
import org.portier.config.Config;
import org.portier.mx.MxSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code portier --demo}: one Portier node plus, in the same process, everything it needs from
 * outside so every face can be tried on one machine: the MX simulator loaded with an office
 * ({@link DemoMx}), a provisioning service and door panels ({@link DemoStubs}), and a house with
 * residents and messages ({@link DemoHouse}) put in through the operator API. The node runs on its
 * own embedded store in the demo directory ({@link DemoConfig}). Starting again on the same
 * directory adds nothing twice.
 */
public final class DemoMode {
  private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);
  private final Vertx vertx;
  private final DemoSettings settings;
  private MxSimulator sim;
  private DemoStubs stubs;
  private Portier portier;
  private WebClient web;
  private String houseId;
  private String cheatSheet;

  private DemoMode(Vertx vertx, DemoSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  /** Starts the stand-ins, then the node on {@code operatorConfig} with the demo's settings over it, then the sample data. */
  public static Future<DemoMode> start(Vertx vertx, Path operatorConfig, DemoSettings settings) {
    DemoMode d = new DemoMode(vertx, settings);
    return d.boot(operatorConfig).map(d).recover(e -> d.stop().transform(x -> Future.failedFuture(e)));
  }

  private Future<Void> boot(Path operatorConfig) {
    long now = System.currentTimeMillis() / 1000;
    // the simulator and the stubs come first: the node reconnects its stored MX users as it starts
    return startSimulator().compose(s -> {
      sim = s;
      // making the WAV files and the JPEG is CPU work of a few ms: kept off the event loop all the same
      return vertx.executeBlocking(() -> {
        DemoMx.load(s, now);
        return DemoSnapshot.jpeg();
      });
    }).compose(jpeg -> DemoStubs.start(vertx, settings.stubPort(), sim.port(), Buffer.buffer(jpeg))).compose(st -> {
      stubs = st;
      return Portier.start(vertx, DemoConfig.source(operatorConfig, settings, st.provisioningUrl()));
    }).compose(p -> {
      portier = p;
      web = WebClient.create(vertx);
      Config c = p.config();
      OperatorClient api = new OperatorClient(web, "127.0.0.1", c.integer("http.port"), c.string("integration.prefix"));
      return new DemoHouse(api, p.store().pool(), stubs.base()).ensure();
    }).map(h -> {
      houseId = h;
      cheatSheet = DemoCheatSheet.text(portier.config(), settings, sim.port(), stubs.base(), h);
      LOG.info(cheatSheet);
      return null;
    });
  }

  /** On the configured port, or on a free one when it is taken (the stored MX users then reconnect at their next POST /auth). */
  private Future<MxSimulator> startSimulator() {
    int port = settings.mxPort();
    return MxSimulator.start(vertx, port).recover(e -> {
      if (port == 0) return Future.failedFuture(e);
      LOG.warn("demo: MX simulator port {} is taken ({}); using a free port", port, e.toString());
      return MxSimulator.start(vertx, 0);
    });
  }

  /** Stops the node, then the stand-ins. */
  public Future<Void> stop() {
    Future<Void> chain = portier == null ? Future.succeededFuture() : portier.stop().otherwiseEmpty();
    return chain.compose(v -> stubs == null ? Future.<Void>succeededFuture() : stubs.close().otherwiseEmpty())
        .compose(v -> sim == null ? Future.<Void>succeededFuture() : sim.close().otherwiseEmpty())
        .onComplete(v -> {
          if (web != null) web.close();
        });
  }

  public Portier portier() {
    return portier;
  }

  public MxSimulator simulator() {
    return sim;
  }

  /** The demo house's id in the store. */
  public String houseId() {
    return houseId;
  }

  /** The text logged at start. */
  public String cheatSheet() {
    return cheatSheet;
  }
}
