package org.portier.mx;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records a connection's state changes so a test can wait for the n-th time it reached a state. */
final class StateLog implements MxConnection.Listener {
  record Change(MxConnection.State state, String error, long at) {}

  private record Waiter(MxConnection.State state, int times, Promise<Change> promise) {}

  final List<Change> changes = new CopyOnWriteArrayList<>();
  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  @Override
  public void changed(MxConnection c, MxConnection.State state, String error) {
    changes.add(new Change(state, error, System.currentTimeMillis()));
    for (Waiter w : waiters) check(w);
  }

  /** Completes when the state has been reached this many times in all. */
  Future<Change> await(MxConnection.State state, int times) {
    Waiter w = new Waiter(state, times, Promise.promise());
    waiters.add(w);
    check(w);
    return w.promise().future();
  }

  long count(MxConnection.State state) {
    return changes.stream().filter(c -> c.state() == state).count();
  }

  private void check(Waiter w) {
    List<Change> of = changes.stream().filter(c -> c.state() == w.state()).toList();
    if (of.size() >= w.times()) {
      waiters.remove(w);
      w.promise().tryComplete(of.get(w.times() - 1));
    }
  }
}
