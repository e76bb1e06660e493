package org.portier.integration;

import io.vertx.ext.web.Router;
import org.portier.http.FaceRoutes;
import org.portier.http.Faces;

/** Mounts the integration face (operator data, door calls) under integration.prefix. */
public final class IntegrationRoutes implements FaceRoutes {
  @Override
  public void mount(Router root, Faces faces) {
    Router r = IntegrationFace.router(faces);
    OperatorRoutes.mount(r, faces);
    org.portier.doorcall.DoorCallRoutes.mount(r, faces);
    org.portier.mobile.VerificationCallRoutes.mount(r, faces);
    org.portier.door.DoorRoutes.mount(r, faces);
    org.portier.inbox.MessageRoutes.mount(r, faces);
    root.route(faces.config().get().string("integration.prefix") + "*").subRouter(r);
  }
}
