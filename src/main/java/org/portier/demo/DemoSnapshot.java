package org.portier.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** The demo door camera's picture: a small JPEG drawn in code (no binary in the repository). Blocking: call off the event loop. */
final class DemoSnapshot {
  private DemoSnapshot() {}

  static byte[] jpeg() {
    BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(new Color(40, 60, 90));
      g.fillRect(0, 0, 320, 240);
      // a door in its frame; shapes only: text would need fonts a headless server may not have
      g.setColor(new Color(200, 200, 190));
      g.fillRect(110, 40, 100, 180);
      g.setColor(new Color(120, 70, 40));
      g.fillRect(120, 50, 80, 170);
      g.setColor(new Color(230, 200, 60));
      g.fillOval(180, 130, 10, 10);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
