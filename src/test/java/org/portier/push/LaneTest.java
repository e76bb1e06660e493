package org.portier.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LaneTest {
  private static PushJob job(long id) {
    return new PushJob(id, 0, null, "apns", "t" + id, "voip", false, "b.voip", "voip", 10, Long.MAX_VALUE,
        new JsonObject(), null, null, null, PushState.QUEUED, 0);
  }

  @Test
  void keepsAtMostTheLimitInFlightAndStartsTheRestInOrder() {
    List<Long> started = new ArrayList<>();
    List<Promise<Void>> open = new ArrayList<>();
    Lane lane = new Lane(() -> 2, j -> {
      started.add(j.id);
      Promise<Void> p = Promise.promise();
      open.add(p);
      return p.future();
    });
    for (long i = 1; i <= 5; i++) lane.submit(job(i));
    assertThat(started).containsExactly(1L, 2L);
    assertThat(lane.inFlight()).isEqualTo(2);
    assertThat(lane.waiting()).isEqualTo(3);
    open.get(1).complete();
    assertThat(started).containsExactly(1L, 2L, 3L);
    open.get(0).fail("boom");
    assertThat(started).containsExactly(1L, 2L, 3L, 4L);
    assertThat(lane.inFlight()).isEqualTo(2);
  }

  @Test
  void attemptsThatEndAtOnceDoNotNest() {
    int[] count = {0};
    Lane lane = new Lane(() -> 1, j -> {
      count[0]++;
      return Future.succeededFuture();
    });
    // would overflow the stack if each immediate completion started the next one recursively
    for (long i = 0; i < 100_000; i++) lane.submit(job(i));
    assertThat(count[0]).isEqualTo(100_000);
    assertThat(lane.inFlight()).isZero();
    assertThat(lane.waiting()).isZero();
  }
}
