package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import org.portier.config.Config;
import org.portier.http.Faces;
import org.portier.http.Input;
import org.portier.store.Store;

/**
 * The resident's inbox methods (contract §4.5, §7). The mobile face authenticates and turns the
 * results into its envelope: a JSON object is 200 with data, null is 204.
 */
public final class InboxMobile {
  private InboxMobile() {}

  /** inbox/inbox: {basePath, code} with the whole page; every message is read afterwards. */
  public static Future<JsonObject> inbox(Faces faces, long subscriberId, JsonObject body) {
    Config c = faces.config().get();
    return new InboxStore(faces.pool()).pageAndReadAll(subscriberId, c.integer("inbox.pageLimit"))
        .map(lines -> new JsonObject().put("basePath", c.string("mobile.publicUrl"))
            .put("code", InboxPage.render(lines, ZoneId.of(c.string("mobile.timeZone")), Store.now())));
  }

  /** inbox/unreaded: {count, chat} as numbers, also when 0 (iOS needs data). */
  public static Future<JsonObject> unreaded(Faces faces, long subscriberId, JsonObject body) {
    return new InboxStore(faces.pool()).unread(subscriberId).map(n -> new JsonObject().put("count", n).put("chat", 0));
  }

  /** inbox/readed {messageId?}: one own message or all; 404 for any other id. */
  public static Future<JsonObject> readed(Faces faces, long subscriberId, JsonObject body) {
    Long id = messageId(body);
    return new InboxStore(faces.pool()).markRead(subscriberId, id).map((JsonObject) null);
  }

  /**
   * inbox/delivered {messageId}: marks one own message delivered; 404 for any other id. Without a
   * messageId every undelivered message is marked: the iOS app calls delivered on every launch.
   */
  public static Future<JsonObject> delivered(Faces faces, long subscriberId, JsonObject body) {
    Long id = messageId(body);
    return new InboxStore(faces.pool()).markDelivered(subscriberId, id).map((JsonObject) null);
  }

  /** inbox/chatReaded: Portier has no chat; 204 so the apps carry on. */
  public static Future<JsonObject> chatReaded(Faces faces, long subscriberId, JsonObject body) {
    return Future.succeededFuture(null);
  }

  /** messageId as a JSON number or a string of digits (Android sends numbers, iOS strings); null when absent or "". */
  private static Long messageId(JsonObject body) {
    if ("".equals(body.getValue("messageId"))) return null;
    Input in = Input.of(body);
    return in.has("messageId") ? in.integer("messageId", 1, Long.MAX_VALUE) : null;
  }
}
