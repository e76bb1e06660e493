package org.portier.testing;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.portier.bus.Addresses;

/**
 * Stands in for the push actor in tests of the actors that use it: requests sent to
 * {@link Addresses#PUSH_SEND} are answered here (an outbound interceptor, so the real push actor,
 * which every node deploys, never sees them). Tests of the real push path use FakeApns/FakeFcm.
 */
public final class PushStandIn implements AutoCloseable {
  private final Vertx vertx;
  private final Handler<DeliveryContext<Object>> interceptor;
  private volatile Function<JsonObject, Future<JsonObject>> answer;

  private PushStandIn(Vertx vertx, Function<JsonObject, Future<JsonObject>> answer) {
    this.vertx = vertx;
    this.answer = answer;
    this.interceptor = this::intercept;
  }

  /** Installs the stand-in; {@code answer} maps a push.send body to its reply (a failed future fails the request). */
  public static PushStandIn install(Vertx vertx, Function<JsonObject, Future<JsonObject>> answer) {
    PushStandIn s = new PushStandIn(vertx, answer);
    vertx.eventBus().addOutboundInterceptor(s.interceptor);
    return s;
  }

  /** From now on every push.send fails with 503, as when the push actor is down. */
  public void failAll() {
    answer = body -> Future.failedFuture("push actor unavailable");
  }

  @SuppressWarnings("unchecked")
  private void intercept(DeliveryContext<Object> ctx) {
    if (!Addresses.PUSH_SEND.equals(ctx.message().address())) {
      ctx.next();
      return;
    }
    Message<Object> m = ctx.message();
    JsonObject body = ((JsonObject) m.body()).copy();
    // answer on the sender's context, as a consumer would, without delivering to the real actor
    vertx.runOnContext(v -> answer.apply(body)
        .onSuccess(m::reply)
        .onFailure(e -> m.fail(503, e.getMessage())));
  }

  @Override
  public void close() {
    vertx.eventBus().removeOutboundInterceptor(interceptor);
  }
}
