package org.portier.mxproxy;

import io.vertx.ext.web.RoutingContext;
import org.portier.config.Config;
import org.portier.http.Faces;

/**
 * {@code GET /debug/log} (MX Proxy 2.1): the file named by {@code logName}, for the app developers
 * who hold an [apps] client id and secret (HTTP Basic, as {@code POST /auth}). Off unless the
 * operator sets {@code mxproxy.debugLog = true}: the client secret ships inside every copy of the
 * apps, so it proves nothing about who asks, and the log names every user. Portier logs to the
 * console; point {@code logName} at the file that output is written to (e.g. by systemd or a shell
 * redirect). Secrets are masked in Portier's log lines, so the file carries none. Sent with
 * sendFile: no read on the event loop, however large the file.
 */
final class DebugLogRoutes {
  private DebugLogRoutes() {}

  /** While mxproxy.debugLog is off the path does not exist, whatever the method and the credentials (read per request: reloadable). */
  static void gate(RoutingContext ctx, Faces faces) {
    if (!faces.config().get().bool("mxproxy.debugLog")) throw new MxError(404, "not found");
    ctx.next();
  }

  static void log(RoutingContext ctx, Faces faces) {
    Config c = faces.config().get();
    AuthRoutes.requireClient(ctx, c);
    String file = c.string("logName");
    if (file.isBlank()) throw new MxError(404, "not found");
    faces.vertx().fileSystem().props(file)
        .onSuccess(props -> {
          if (!props.isRegularFile()) {
            ctx.fail(new MxError(404, "not found"));
            return;
          }
          ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Cache-Control", "no-store")
              .putHeader("Server", MxFace.SERVER).sendFile(file).onFailure(e -> ctx.fail(new MxError(404, "not found")));
        })
        .onFailure(e -> ctx.fail(new MxError(404, "not found")));
  }
}
