package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.portier.bus.Addresses;
import org.portier.push.PushRequest;
import org.portier.push.PushSend;

/** Hands text pushes to the push actor (push.send), in requests of at most PushRequest.MAX_BATCH. */
final class PushHandOff {
  /** A broadcast batch can carry thousands of rows; the outbox write gets time to commit them. */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(60_000);

  private PushHandOff() {}

  /** Resolves to the number of pushes persisted in the outbox. */
  static Future<Integer> send(Vertx vertx, List<JsonObject> pushes) {
    if (pushes.isEmpty()) return Future.succeededFuture(0);
    List<Future<Integer>> parts = new ArrayList<>();
    for (int from = 0; from < pushes.size(); from += PushRequest.MAX_BATCH) {
      List<JsonObject> chunk = pushes.subList(from, Math.min(pushes.size(), from + PushRequest.MAX_BATCH));
      parts.add(vertx.eventBus().<JsonObject>request(Addresses.PUSH_SEND, PushSend.request(chunk), OPTIONS)
          .map(m -> m.body().getJsonArray("ids").size()));
    }
    return Future.all(parts).map(all -> parts.stream().mapToInt(Future::result).sum());
  }
}
