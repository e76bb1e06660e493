package org.portier.config;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The node's current configuration, one reference shared by the config actor (the only writer) and
 * the stateless HTTP routers (readers, per request). The actor swaps it before it acknowledges a
 * reload and publishes {@code config.changed}, so a request that follows an acknowledged
 * {@code POST /admin/reload} always sees the new file on every event loop. Actors that rebuild
 * clients on a change (push, MX) still follow {@code config.changed}.
 */
public final class LiveConfig implements Supplier<Config> {
  private final AtomicReference<Config> current;

  public LiveConfig(Config initial) {
    this.current = new AtomicReference<>(initial);
  }

  @Override
  public Config get() {
    return current.get();
  }

  void set(Config next) {
    current.set(next);
  }
}
