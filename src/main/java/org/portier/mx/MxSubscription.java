package org.portier.mx;

import io.vertx.core.Handler;
import java.util.Set;

/**
 * A subscriber to incoming messages by root name (events and replies alike, as MX pages some
 * results as events), optionally only those about one call id. Handlers run on the connection's
 * context and must not block.
 */
public final class MxSubscription {
  private final Set<String> names;
  private final String callId;
  private final Handler<MxMessage> handler;
  private final Runnable cancel;

  MxSubscription(Set<String> names, String callId, Handler<MxMessage> handler, java.util.function.Consumer<MxSubscription> remove) {
    this.names = names;
    this.callId = callId;
    this.handler = handler;
    this.cancel = () -> remove.accept(this);
  }

  boolean wants(MxMessage m) {
    return names.contains(m.name()) && (callId == null || callId.equals(m.callId()));
  }

  void deliver(MxMessage m) {
    handler.handle(m);
  }

  public void cancel() {
    cancel.run();
  }
}
