package org.portier.inbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** user/deleteAccount erases the person's messages in its own transaction (the subscriber row and flats stay). */
public final class InboxErase {
  private InboxErase() {}

  public static Future<Void> messagesOf(SqlConnection c, long subscriberId) {
    return c.preparedQuery("DELETE FROM inbox_messages WHERE subscriber_id = ?").execute(Tuple.of(subscriberId)).mapEmpty();
  }
}
