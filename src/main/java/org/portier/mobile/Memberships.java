package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.portier.http.BadInput;
import org.portier.store.FlatAccess;
import org.portier.store.Store;

/**
 * Flat memberships as the resident sees them. Roles: "owner" and "resident" (operator or app),
 * "guest" (granted through address/access). A membership with expires_at in the past counts
 * nowhere: not in the address lists, not for flat methods, not in door calls.
 */
public final class Memberships {
  /** SQL condition on flat_subscribers aliased fs; binds one parameter: now. */
  static final String ACTIVE = FlatAccess.ACTIVE;

  private Memberships() {}

  /** The caller's active role in the flat, or 404 "not among your addresses". */
  static Future<String> role(SqlClient c, long flatId, long subscriberId) {
    return c.preparedQuery("SELECT fs.role FROM flat_subscribers fs WHERE fs.flat_id = ? AND fs.subscriber_id = ? AND " + ACTIVE)
        .execute(Tuple.of(flatId, subscriberId, Store.now()))
        .compose(rs -> rs.size() == 0 ? Future.failedFuture(notMine(flatId)) : Future.succeededFuture(rs.iterator().next().getString(0)));
  }

  static BadInput notMine(long flatId) {
    return BadInput.notFound("Квартира " + flatId + " не найдена среди ваших адресов");
  }

  /** The roommate type of the contract: owner, inner (resident) or outer (guest). */
  static String type(String role) {
    return switch (role) {
      case "owner" -> "owner";
      case "guest" -> "outer";
      default -> "inner";
    };
  }

  static Long expiresAt(Row r, String column) {
    return r.getValue(column) == null ? null : r.getLong(column);
  }
}
