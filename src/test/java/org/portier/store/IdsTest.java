package org.portier.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
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
}
