package org.portier.mobile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.portier.config.Config;

/**
 * mobile.maxDevices per phone (contract §3.4), checked when a login adds a device (a re-login of
 * a known device only rotates its token). "forbidden" refuses the login with 403 and a message
 * (data absent: iOS decodes error data as a string); "replace-oldest" deletes the devices seen
 * longest ago, where the reference server removed the freshest one. A deleted device's token is
 * refused at its next request, since every request looks its token up.
 */
record DeviceLimit(long max, boolean replaceOldest) {
  static final String FORBIDDEN = "Превышен лимит устройств на мобильный номер: выйдите из приложения на одном из старых устройств";

  static DeviceLimit of(Config c) {
    return new DeviceLimit(c.number("mobile.maxDevices"), "replace-oldest".equals(c.string("mobile.maxDevicesStrategy")));
  }

  /** Inside the login transaction, before a new device row: makes sure the subscriber keeps at most max devices with it. */
  Future<Void> makeRoom(SqlConnection c, long subscriberId) {
    if (max <= 0) return Future.succeededFuture();
    return c.preparedQuery("SELECT id FROM devices WHERE subscriber_id = ? ORDER BY last_seen, id").execute(Tuple.of(subscriberId))
        .compose(rs -> {
          long excess = rs.size() - max + 1;
          if (excess <= 0) return Future.succeededFuture();
          if (!replaceOldest) return Future.failedFuture(new MobileError(403, FORBIDDEN));
          List<Future<?>> deletes = new ArrayList<>();
          for (Row r : rs) {
            if (deletes.size() >= excess) break;
            deletes.add(c.preparedQuery("DELETE FROM devices WHERE id = ?").execute(Tuple.of(r.getLong(0))));
          }
          return Future.all(deletes).mapEmpty();
        });
  }
}
