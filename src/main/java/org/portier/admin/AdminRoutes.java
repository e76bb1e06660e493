package org.portier.admin;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import org.portier.config.Config;

/** Routes a face adds to the operator listener, behind its admin token and its error format. */
@FunctionalInterface
public interface AdminRoutes {
  void mount(Router r, Vertx vertx, Pool pool, Config startConfig);
}
