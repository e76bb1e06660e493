package org.portier.mxproxy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import org.portier.mx.MxXml;
import org.portier.mx.XmlNode;
import org.portier.mx.XmlOut;

/**
 * GET /voicemails/{id}: the file streamed chunk by chunk (mx-proxy.md §2.6, §6.8). Chunk N+1 is
 * asked of MX only once chunk N has been handed to the response and its write queue has
 * drained, so a slow client holds at most one chunk in Portier. The count is 1-based and stops
 * at totalChunks (MX Proxy asked one past the end of a 1-chunk file). A client gone mid-file
 * gets MX a {@code MailCancelReceive}. Runs on the request's context only.
 */
final class VoicemailDownload {
  private final MxSend mx;
  private final RoutingContext ctx;
  private final HttpServerResponse res;
  private final String login;
  private final String id;
  private int total;
  private boolean finished;
  private boolean cancelled;

  VoicemailDownload(MxSend mx, RoutingContext ctx, String id) {
    this.mx = mx;
    this.ctx = ctx;
    this.res = ctx.response();
    this.login = ctx.get(BearerAuth.LOGIN);
    this.id = id;
  }

  void start() {
    res.closeHandler(v -> clientGone());
    mx.send(login, chunkRequest(false), 404).onSuccess(r -> {
      if (cancelled) return;
      Chunk c;
      try {
        c = Chunk.of(r.getString("xml"));
      } catch (IllegalArgumentException e) {
        ctx.fail(new MxError(502, "bad voicemail chunk from mx: " + e.getMessage()));
        return;
      }
      total = Math.max(1, c.total);
      String format = c.format == null ? "" : c.format.trim().toLowerCase(java.util.Locale.ROOT);
      res.setStatusCode(200).setChunked(true).putHeader("Server", MxFace.SERVER)
          .putHeader("Content-Type", format.equals("wav") ? "audio/wave" : "application/octet-stream")
          // audio does not compress: keep any response compression off this route
          .putHeader("Content-Encoding", "identity");
      if (c.name != null && !c.name.isBlank()) {
        res.putHeader("Content-Disposition", "attachment; filename=\"" + c.name.trim().replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
      }
      write(c, 1);
    }).onFailure(ctx::fail);
  }

  /** Writes chunk n, then asks for n+1 once the client has taken it. */
  private void write(Chunk c, int n) {
    if (cancelled) return;
    res.write(Buffer.buffer(c.bytes));
    if (n >= total) {
      finished = true;
      res.end();
      return;
    }
    if (res.writeQueueFull()) res.drainHandler(v -> next(n + 1));
    else next(n + 1);
  }

  private void next(int n) {
    res.drainHandler(null);
    if (cancelled) return;
    mx.send(login, chunkRequest(true), 404).onComplete(ar -> {
      if (cancelled) return;
      Chunk c = null;
      if (ar.succeeded()) {
        try {
          c = Chunk.of(ar.result().getString("xml"));
        } catch (IllegalArgumentException e) {
          c = null;
        }
      }
      if (c == null || c.number != n) {
        // the status line is gone: a reset connection is the only way to tell the client the file is short
        finished = true;
        cancel();
        res.reset();
        return;
      }
      write(c, n);
    });
  }

  private void clientGone() {
    if (finished || cancelled) return;
    cancelled = true;
    cancel();
  }

  private void cancel() {
    cancelled = true;
    // best effort: nobody waits for the answer, and a dead connection has nothing to cancel
    mx.send(login, XmlOut.root("MailCancelReceive").leaf("mailId", id).build(), 404);
  }

  private String chunkRequest(boolean nextChunk) {
    XmlOut x = XmlOut.root("MailReceiveIncoming").leaf("faxSessionID", id);
    if (nextChunk) x.leaf("nextChunk", "");
    return x.build();
  }

  /** One MX chunk: its 1-based number, the total, the file's format and name, the decoded bytes. */
  record Chunk(int number, int total, String format, String name, byte[] bytes) {
    static Chunk of(String xml) {
      XmlNode r = MxXml.parse(xml);
      String content = r.textAt("mediaContent");
      // MX wraps its base64 in lines; the MIME decoder skips line breaks and other stray characters
      byte[] bytes = content == null ? new byte[0] : Base64.getMimeDecoder().decode(content);
      return new Chunk(intAttr(r, "chunkNumber", 1), intAttr(r, "totalChunks", 1), r.textAt("fileFormat"), r.textAt("documentName"), bytes);
    }

    private static int intAttr(XmlNode r, String name, int dflt) {
      String v = r.attr(name);
      if (v == null || v.isBlank()) return dflt;
      try {
        return Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " is not a number");
      }
    }
  }
}
