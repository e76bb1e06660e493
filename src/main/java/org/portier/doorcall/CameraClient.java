package org.portier.doorcall;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/**
 * Fetches a door camera's snapshot: GET with a whole-request deadline and a size cap, so a slow or
 * chatty camera can neither hold a call nor fill the heap. Fails with a short reason for the log.
 */
final class CameraClient {
  private final Vertx vertx;
  private final HttpClient http;

  CameraClient(Vertx vertx) {
    this.vertx = vertx;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  Future<LiveCall.Snapshot> fetch(String url, Duration timeout, long maxBytes) {
    Promise<LiveCall.Snapshot> done = Promise.promise();
    long ms = Math.max(1, timeout.toMillis());
    RequestOptions o;
    try {
      o = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).putHeader("user-agent", "Portier").setConnectTimeout(ms).setIdleTimeout(ms);
    } catch (RuntimeException e) {
      return Future.failedFuture("bad camera URL");
    }
    http.request(o).onFailure(e -> done.tryFail("camera unreachable: " + e.getMessage())).onSuccess(req -> {
      long deadline = vertx.setTimer(ms, t -> {
        if (done.tryFail("camera did not answer within " + ms + " ms")) req.reset();
      });
      req.send().onFailure(e -> done.tryFail("camera request failed: " + e.getMessage())).onSuccess(resp -> {
        if (resp.statusCode() != 200) {
          done.tryFail("camera answered HTTP " + resp.statusCode());
          req.reset();
          return;
        }
        String length = resp.getHeader("content-length");
        if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > maxBytes) {
          done.tryFail("camera picture is larger than " + maxBytes + " bytes");
          req.reset();
          return;
        }
        Buffer body = Buffer.buffer();
        String type = resp.getHeader("content-type");
        resp.handler(chunk -> {
          if (body.length() + chunk.length() > maxBytes) {
            if (done.tryFail("camera picture is larger than " + maxBytes + " bytes")) req.reset();
          } else {
            body.appendBuffer(chunk);
          }
        });
        resp.exceptionHandler(e -> done.tryFail("camera response failed: " + e.getMessage()));
        resp.endHandler(v -> {
          if (body.length() == 0) done.tryFail("camera sent an empty picture");
          else done.tryComplete(new LiveCall.Snapshot(body, type == null || type.isBlank() ? "image/jpeg" : type));
        });
      });
      done.future().onComplete(x -> vertx.cancelTimer(deadline));
    });
    return done.future();
  }

  Future<Void> close() {
    return http.close();
  }
}
