package org.portier.demo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Real, playable WAV files for the demo voicemails, made in code so the repository holds no
 * binary: 8 kHz 16-bit mono PCM (what MX records is close enough) with a few beeps.
 */
final class DemoWav {
  static final int RATE = 8000;

  private DemoWav() {}

  /** {@code beeps} short tones of {@code hz}, each 0.3 s with 0.2 s of silence after it. */
  static byte[] beeps(int beeps, double hz) {
    int beep = RATE * 3 / 10;
    int gap = RATE / 5;
    int samples = beeps * (beep + gap);
    ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(samples * 2);
    for (int i = 0; i < samples; i++) {
      int inBeep = i % (beep + gap);
      double v = inBeep < beep ? Math.sin(2 * Math.PI * hz * i / RATE) * 0.3 * Short.MAX_VALUE : 0;
      b.putShort((short) v);
    }
    return b.array();
  }

  /** The length in whole seconds (at least 1), as the voicemail list shows it. */
  static int seconds(byte[] wav) {
    return Math.max(1, (wav.length - 44) / (RATE * 2));
  }
}
