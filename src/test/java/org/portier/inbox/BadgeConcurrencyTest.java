package org.portier.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.portier.testing.FakeFcm;

/**
 * Badges under concurrency. Sends and reads of one subscriber are serialized by a row lock, so each
 * send's badge is the unread count right after it in that order:
 * <ul>
 * <li>N concurrent sends from an empty inbox push the badges 1..N, each exactly once;
 * <li>with K concurrent "read all" calls in between, the sends fall into at most K+1 runs (one per
 * read, plus the first), and a run of n sends pushes 1..n. So, with c(b) the number of pushes with
 * badge b: 1 ≤ c(1) ≤ K+1 and c(b) ≥ c(b+1); and the unread count at the end is the length of the
 * last run: 0 (a read came last) or a u with c(u) &gt; c(u+1).
 * </ul>
 */
class BadgeConcurrencyTest extends InboxTestBase {
  private static final int SENDS = 50;
  private static final int READS = 5;

  @Test
  void concurrentSendsPushEveryBadgeOnce() throws Exception {
    androidResident();
    List<Long> badges = sendAll(SENDS, List.of());
    assertThat(badges).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, SENDS).boxed().toList());
    List<FakeFcm.Request> pushed = fcmFor(ANDROID_FCM_TOKEN, SENDS);
    assertThat(pushed.stream().map(r -> Long.parseLong(r.data().getString("badge"))).toList())
        .containsExactlyInAnyOrderElementsOf(badges);
  }

  @Test
  void concurrentSendsAndReadsKeepBadgesConsistent() throws Exception {
    String token = androidResident();
    List<Long> badges = sendAll(SENDS, List.of(token));
    Map<Long, Long> c = badges.stream().collect(Collectors.groupingBy(b -> b, TreeMap::new, Collectors.counting()));
    assertThat(badges).allMatch(b -> b >= 1 && b <= SENDS);
    assertThat(c.getOrDefault(1L, 0L)).as("runs in " + c).isBetween(1L, (long) READS + 1);
    for (long b = 1; b <= SENDS; b++) {
      assertThat(c.getOrDefault(b, 0L)).as("c(" + b + ") >= c(" + (b + 1) + ") in " + c).isGreaterThanOrEqualTo(c.getOrDefault(b + 1, 0L));
    }
    long unread = mobile("inbox/unreaded", token, null).bodyAsJsonObject().getJsonObject("data").getLong("count");
    assertThat(unread).isEqualTo(count("SELECT COUNT(*) FROM inbox_messages WHERE read_at IS NULL"));
    if (unread > 0) assertThat(c.getOrDefault(unread, 0L)).as("a run of " + unread + " ends the history: " + c).isGreaterThan(c.getOrDefault(unread + 1, 0L));
    // the pushes carry exactly the badges the sends counted
    List<FakeFcm.Request> pushed = fcmFor(ANDROID_FCM_TOKEN, SENDS);
    assertThat(pushed.stream().map(r -> Long.parseLong(r.data().getString("badge"))).toList()).containsExactlyInAnyOrderElementsOf(badges);
  }

  /** Fires {@code n} sends at once, with READS "read all" calls per token spread among them; returns the badges of the 201s. */
  private List<Long> sendAll(int n, List<String> readers) throws Exception {
    List<Future<Long>> sends = new ArrayList<>();
    List<Future<Integer>> reads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sends.add(node.integration(HttpMethod.POST, "/messages").sendJsonObject(text("phone", ANDROID_PHONE, "Сообщение " + i))
          .map(r -> {
            if (r.statusCode() != 201) throw new IllegalStateException(r.statusCode() + " " + r.bodyAsString());
            return r.bodyAsJsonObject().getLong("badge");
          }));
      if (!readers.isEmpty() && i % (n / READS) == n / READS / 2) {
        for (String t : readers) {
          reads.add(node.http(HttpMethod.POST, "/mobile/inbox/readed").bearerTokenAuthentication(t).sendJsonObject(new JsonObject())
              .map(r -> r.statusCode()));
        }
      }
    }
    get(Future.all(sends));
    for (Future<Integer> r : reads) assertThat(get(r)).isEqualTo(204);
    return sends.stream().map(Future::result).toList();
  }
}
