package org.portier.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Vert.x's HTTP/1.x request decoder, except that a request carrying both Content-Length and
 * Transfer-Encoding is marked invalid instead of silently framed by Transfer-Encoding: a front
 * proxy that framed it by Content-Length would otherwise see a different second request than
 * Portier (request smuggling). Vert.x then hands it to the server's invalid-request handler,
 * which answers 400 and closes the connection, so nothing that followed on it is answered.
 * Vert.x has no option for this, so the decoder is swapped in the channel pipeline of each new
 * connection (before any byte of it is read); the listener tests fail if a Vert.x upgrade breaks it.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {
  /** Marks the request whose framing is ambiguous. */
  static final class AmbiguousFraming extends RuntimeException {
    AmbiguousFraming() {
      super("both Content-Length and Transfer-Encoding", null, false, false);
    }
  }

  private StrictRequestDecoder(HttpServerOptions options) {
    super(options);
  }

  @Override
  protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
    // keep the decoder in step with the bytes (Transfer-Encoding framing), but refuse the request
    super.handleTransferEncodingChunkedWithContentLength(message);
    message.setDecoderResult(DecoderResult.failure(new AmbiguousFraming()));
  }

  /** Swaps the decoder of a new HTTP/1.x connection; false when the connection is not the kind expected. */
  static boolean install(HttpConnection conn, HttpServerOptions options) {
    if (!(conn instanceof ConnectionBase base)) return false;
    var pipeline = base.channel().pipeline();
    if (!(pipeline.get("httpDecoder") instanceof VertxHttpRequestDecoder)) return false;
    pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options));
    return true;
  }
}
