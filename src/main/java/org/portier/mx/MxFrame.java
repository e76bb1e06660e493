package org.portier.mx;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame of the Zultys MX client protocol: an 8-byte header (two zero bytes, the uint16 big-endian
 * total length = 8 + payload bytes, four ASCII digits of invoke id) followed by a UTF-8 XML payload.
 * Invoke id 0 is the keep-alive, 9999 a server event, 1..9998 a command and its reply.
 */
public record MxFrame(int invokeId, String xml) {
  public static final int HEADER = 8;
  public static final int KEEPALIVE_ID = 0;
  public static final int EVENT_ID = 9999;
  public static final int MAX_LENGTH = 0xFFFF;
  /** The keep-alive the reference clients send, byte for byte (21 bytes). */
  public static final MxFrame KEEPALIVE = new MxFrame(KEEPALIVE_ID, "<keepalive />");

  public MxFrame {
    if (invokeId < 0 || invokeId > 9999) throw new IllegalArgumentException("invoke id out of range: " + invokeId);
  }

  public boolean isEvent() {
    return invokeId == EVENT_ID;
  }

  public boolean isKeepalive() {
    return invokeId == KEEPALIVE_ID;
  }

  /** The frame on the wire. Fails when the payload does not fit the 16-bit length. */
  public Buffer encode() {
    byte[] payload = xml.getBytes(StandardCharsets.UTF_8);
    int total = HEADER + payload.length;
    if (total > MAX_LENGTH) throw new IllegalArgumentException("frame too long: " + total + " bytes (max " + MAX_LENGTH + ")");
    Buffer b = Buffer.buffer(total);
    b.appendShort((short) 0).appendUnsignedShort(total);
    b.appendString(String.format("%04d", invokeId), "US-ASCII");
    b.appendBytes(payload);
    return b;
  }
}
