package org.portier.http;

import io.vertx.ext.web.Router;

/** Routes a capability package mounts on a face's router, which brings the face's auth and error format. */
@FunctionalInterface
public interface RouteSet {
  void mount(Router faceRouter, Faces faces);
}
