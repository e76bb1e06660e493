package org.portier.http;

import io.vertx.ext.web.Router;
import java.util.List;

/** One API face: mounts its routes, with its own error format, under its configured prefix. */
public interface FaceRoutes {
  void mount(Router root, Faces faces);

  /** Every face of the public server, in mounting order (specific prefixes before "/"). */
  List<FaceRoutes> ALL = List.of(
      new org.portier.integration.IntegrationRoutes(),
      new org.portier.mobile.MobileRoutes(),
      new org.portier.sip.SipRealtimeRoutes(),
      // last: its paths (/auth, /tokens/...) sit at the server root
      new org.portier.mxproxy.MxProxyRoutes());
}
