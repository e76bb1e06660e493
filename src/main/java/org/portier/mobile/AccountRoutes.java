package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.portier.http.Faces;
import org.portier.http.JsonBodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * user/deleteAccount (iOS; the reference server answers 405): removes what the subscriber gave us
 * and what identifies their phones, in one transaction, and answers 204. Gone: every device (so
 * every token of the account is refused from the next request on, with its push tokens and
 * per-flat settings), the names, pending login codes and verification calls. Kept: the subscriber
 * row with its phone and flat memberships, which are the operator's flat records (an owner stays
 * an owner; logging in again shows the same addresses).
 */
final class AccountRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);

  private AccountRoutes() {}

  static Future<Reply> deleteAccount(Faces faces, RoutingContext ctx) {
    JsonBodies.object(ctx, true);
    long subscriberId = MobileAuth.subscriberId(ctx);
    return faces.pool().withTransaction(c -> c.preparedQuery("SELECT phone FROM subscribers WHERE id = ?").execute(Tuple.of(subscriberId))
            .compose(rs -> {
              String phone = rs.iterator().next().getString(0);
              return c.preparedQuery("DELETE FROM devices WHERE subscriber_id = ?").execute(Tuple.of(subscriberId))
                  .compose(v -> c.preparedQuery("UPDATE subscribers SET name = '', patronymic = '', last_name = '' WHERE id = ?").execute(Tuple.of(subscriberId)))
                  .compose(v -> c.preparedQuery("DELETE FROM otp_challenges WHERE phone = ?").execute(Tuple.of(phone)))
                  .compose(v -> c.preparedQuery("DELETE FROM verification_calls WHERE from_phone = ?").execute(Tuple.of(phone)))
                  .compose(v -> erasePersonalMessages(c, subscriberId, phone));
            }))
        .onSuccess(v -> LOG.info("account of subscriber {} deleted by its owner", subscriberId))
        .map(Reply.noContent());
  }

  /** Data of other modules that belongs to the person, erased in the same transaction: the inbox. */
  static Future<Void> erasePersonalMessages(SqlConnection c, long subscriberId, String phone) {
    return org.portier.inbox.InboxErase.messagesOf(c, subscriberId);
  }
}
