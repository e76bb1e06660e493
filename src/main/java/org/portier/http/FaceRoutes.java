package org.portier.http;

import io.vertx.ext.web.Router;

/** One API face: mounts its routes, with its own error format, under its configured prefix. The node assembles the list. */
public interface FaceRoutes {
  void mount(Router root, Faces faces);
}
