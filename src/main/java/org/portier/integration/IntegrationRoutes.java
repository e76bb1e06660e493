package org.portier.integration;

import io.vertx.ext.web.Router;
import java.util.List;
import org.portier.http.FaceRoutes;
import org.portier.http.Faces;
import org.portier.http.OperatorApi;
import org.portier.http.RouteSet;

/**
 * Mounts the integration face (operator data, and the capabilities' operator routes it is given:
 * door calls, doors, messages, verification calls) under integration.prefix.
 */
public final class IntegrationRoutes implements FaceRoutes {
  private final List<RouteSet> capabilities;

  public IntegrationRoutes(List<RouteSet> capabilities) {
    this.capabilities = List.copyOf(capabilities);
  }

  @Override
  public void mount(Router root, Faces faces) {
    Router r = OperatorApi.router(faces);
    OperatorRoutes.mount(r, faces);
    for (RouteSet c : capabilities) c.mount(r, faces);
    root.route(faces.config().get().string("integration.prefix") + "*").subRouter(r);
  }
}
