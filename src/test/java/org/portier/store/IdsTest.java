package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {
  /**
   * A database so fast that the block reservation is already done when Ids looks at it: this left a
   * stale "refill in progress" and every id request after the first block waited for ever (found by the
   * push benchmark at 800 pushes/s on an in-memory HSQLDB).
   */
  @Test
  void keepsHandingOutIdsWhenReservationsCompleteAtOnce() {
    long[] nextValue = {1};
    Pool instant = (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class}, (proxy, m, args) -> {
      if (!m.getName().equals("withTransaction")) throw new UnsupportedOperationException(m.getName());
      nextValue[0] += 100;
      return Future.succeededFuture(nextValue[0]);
    });
    Ids ids = new Ids(instant);
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Future<Long> f = ids.next("push_outbox");
      assertThat(f.isComplete()).as("id request %d answered", i).isTrue();
      got.add(f.result());
    }
    assertThat(got).doesNotHaveDuplicates().hasSize(1000);
  }

  /**
   * Two verticles on different event loops wait for the same block refill; the refill finishes on
   * the first one's context (where a real pool answers). Each must continue on its own context, not
   * on the thread that happened to finish the refill.
   */
  @Test
  void eachWaitingCallerContinuesOnItsOwnContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<Promise<Long>> refills = new java.util.concurrent.CopyOnWriteArrayList<>();
      CountDownLatch refillAsked = new CountDownLatch(1);
      Pool slow = (Pool) Proxy.newProxyInstance(Pool.class.getClassLoader(), new Class<?>[] {Pool.class}, (proxy, m, args) -> {
        if (!m.getName().equals("withTransaction")) throw new UnsupportedOperationException(m.getName());
        Promise<Long> p = Promise.promise();
        refills.add(p);
        refillAsked.countDown();
        return p.future();
      });
      Ids ids = new Ids(slow);
      Asker a = new Asker(ids);
      Asker b = new Asker(ids);
      vertx.deployVerticle(a).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.deployVerticle(b).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertThat(a.context).isNotSameAs(b.context);
      assertThat(((io.vertx.core.internal.ContextInternal) a.context).nettyEventLoop())
          .isNotSameAs(((io.vertx.core.internal.ContextInternal) b.context).nettyEventLoop());
      a.context.runOnContext(v -> a.ask());
      assertThat(refillAsked.await(10, TimeUnit.SECONDS)).isTrue();
      CountDownLatch bAsked = new CountDownLatch(1);
      b.context.runOnContext(v -> {
        b.ask();
        bAsked.countDown();
      });
      assertThat(bAsked.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(refills).hasSize(1);
      // The refill ends on A's event loop, as the JDBC pool answers on the context that asked.
      a.context.runOnContext(v -> refills.get(0).complete(100L));
      assertThat(a.answeredOn.get(10, TimeUnit.SECONDS)).isSameAs(a.context);
      assertThat(b.answeredOn.get(10, TimeUnit.SECONDS)).isSameAs(b.context);
      assertThat(a.id.get() + b.id.get()).isEqualTo(0 + 1);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** A verticle that asks for one id and records on which context the answer arrived. */
  private static final class Asker extends VerticleBase {
    final Ids ids;
    volatile Context context;
    final CompletableFuture<Context> answeredOn = new CompletableFuture<>();
    final java.util.concurrent.atomic.AtomicLong id = new java.util.concurrent.atomic.AtomicLong(-1);

    Asker(Ids ids) {
      this.ids = ids;
    }

    @Override
    public Future<?> start() {
      this.context = super.context;
      return Future.succeededFuture();
    }

    void ask() {
      ids.next("push_outbox").onComplete(ar -> {
        id.set(ar.result());
        answeredOn.complete(Vertx.currentContext());
      });
    }
  }
}
