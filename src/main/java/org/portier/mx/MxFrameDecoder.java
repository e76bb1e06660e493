package org.portier.mx;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;

/**
 * Turns a byte stream into {@link MxFrame}s whatever the TLS record boundaries: a {@link RecordParser}
 * in fixed mode reads the 8-byte header, then exactly length−8 payload bytes. A malformed header
 * (non-zero high bytes, a length below 8, an id that is not four digits) is reported once to
 * {@code onError} and the decoder then ignores the rest of the stream: after a bad header no frame
 * boundary can be trusted, so the owner must close the connection.
 */
public final class MxFrameDecoder implements Handler<Buffer> {
  private final RecordParser parser;
  private final Handler<MxFrame> onFrame;
  private final Handler<String> onError;
  private int pendingId = -1;
  private boolean broken;

  public MxFrameDecoder(Handler<MxFrame> onFrame, Handler<String> onError) {
    this.onFrame = onFrame;
    this.onError = onError;
    this.parser = RecordParser.newFixed(MxFrame.HEADER);
    parser.handler(this::onRecord);
  }

  @Override
  public void handle(Buffer chunk) {
    if (!broken) parser.handle(chunk);
  }

  private void onRecord(Buffer record) {
    if (broken) return;
    if (pendingId < 0) {
      readHeader(record);
      return;
    }
    int id = pendingId;
    pendingId = -1;
    parser.fixedSizeMode(MxFrame.HEADER);
    onFrame.handle(new MxFrame(id, record.toString(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private void readHeader(Buffer h) {
    if (h.getUnsignedShort(0) != 0) {
      fail("bad frame header: the high length bytes are not zero");
      return;
    }
    int total = h.getUnsignedShort(2);
    if (total < MxFrame.HEADER) {
      fail("bad frame header: length " + total + " is shorter than the header");
      return;
    }
    int id = 0;
    for (int i = 4; i < 8; i++) {
      byte c = h.getByte(i);
      if (c < '0' || c > '9') {
        fail("bad frame header: the invoke id is not four digits");
        return;
      }
      id = id * 10 + (c - '0');
    }
    if (total == MxFrame.HEADER) {
      onFrame.handle(new MxFrame(id, ""));
      return;
    }
    pendingId = id;
    parser.fixedSizeMode(total - MxFrame.HEADER);
  }

  private void fail(String why) {
    broken = true;
    onError.handle(why);
  }
}
