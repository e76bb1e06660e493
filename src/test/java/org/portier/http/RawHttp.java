package org.portier.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw HTTP/1.1 client on java.net.Socket: sends bytes exactly as written, reads what comes back. */
final class RawHttp implements AutoCloseable {
  final Socket socket;

  private RawHttp(Socket socket) {
    this.socket = socket;
  }

  /** A connection to 127.0.0.1:port from the given local loopback address (127.0.0.2 acts as another client). */
  static RawHttp connect(int port, String localAddress) {
    try {
      Socket s = new Socket();
      if (localAddress != null) s.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
      s.setSoTimeout(5000);
      return new RawHttp(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RawHttp connect(int port) {
    return connect(port, null);
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return this;
  }

  /** Everything the server sends until it closes the connection or stays silent for quietMillis. */
  String readAll(int quietMillis) throws IOException {
    socket.setSoTimeout(quietMillis);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
    } catch (SocketTimeoutException quiet) {
      // no more for now
    } catch (IOException reset) {
      // connection reset: what came before counts
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** True when the server closed the connection (EOF or reset) within waitMillis. */
  boolean closedWithin(long waitMillis) throws IOException {
    socket.setSoTimeout((int) Math.max(1, waitMillis));
    try {
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[1024];
      long end = System.currentTimeMillis() + waitMillis;
      while (System.currentTimeMillis() < end) {
        if (in.read(buf) < 0) return true;
      }
      return false;
    } catch (SocketTimeoutException still) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
