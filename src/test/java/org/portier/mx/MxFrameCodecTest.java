package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MxFrameCodecTest {
  private final List<MxFrame> frames = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final MxFrameDecoder decoder = new MxFrameDecoder(frames::add, errors::add);

  @Test
  void theKeepaliveIsTheReferenceClientsTwentyOneBytes() {
    Buffer b = MxFrame.KEEPALIVE.encode();
    assertThat(b.length()).isEqualTo(21);
    assertThat(b.getBytes(0, 8)).containsExactly(0, 0, 0, 0x15, '0', '0', '0', '0');
    assertThat(b.getString(8, 21)).isEqualTo("<keepalive />");
  }

  @Test
  void theLengthCountsUtf8BytesAndTheIdIsFourDigits() {
    Buffer b = new MxFrame(42, "<a>ё</a>").encode();
    assertThat(b.getUnsignedShort(2)).isEqualTo(8 + 9);
    assertThat(b.getString(4, 8)).isEqualTo("0042");
    decoder.handle(b);
    assertThat(frames).containsExactly(new MxFrame(42, "<a>ё</a>"));
  }

  @Test
  void framesSplitAtEveryByteAreReassembled() {
    Buffer all = new MxFrame(7, "<MakeCallResponse><callID>25</callID></MakeCallResponse>").encode()
        .appendBuffer(new MxFrame(9999, "<HeldEvent/>").encode());
    for (int i = 0; i < all.length(); i++) decoder.handle(all.getBuffer(i, i + 1));
    assertThat(frames).extracting(MxFrame::invokeId).containsExactly(7, 9999);
    assertThat(frames.get(0).xml()).isEqualTo("<MakeCallResponse><callID>25</callID></MakeCallResponse>");
    assertThat(errors).isEmpty();
  }

  @Test
  void severalFramesInOneBufferAndOneSplitAcrossTwo() {
    Buffer a = new MxFrame(1, "<one/>").encode();
    Buffer b = new MxFrame(2, "<two/>").encode();
    Buffer c = new MxFrame(0, "<keepalive />").encode();
    Buffer joined = Buffer.buffer().appendBuffer(a).appendBuffer(b).appendBuffer(c);
    int cut = a.length() + b.length() + 5;
    decoder.handle(joined.getBuffer(0, cut));
    decoder.handle(joined.getBuffer(cut, joined.length()));
    assertThat(frames).extracting(MxFrame::invokeId).containsExactly(1, 2, 0);
    assertThat(frames.get(2).isKeepalive()).isTrue();
  }

  @Test
  void anEmptyPayloadIsAFrameToo() {
    decoder.handle(Buffer.buffer(new byte[] {0, 0, 0, 8, '0', '0', '1', '2'}).appendBuffer(new MxFrame(3, "<x/>").encode()));
    assertThat(frames).containsExactly(new MxFrame(12, ""), new MxFrame(3, "<x/>"));
  }

  @Test
  void malformedHeadersAreRejectedOnceAndTheRestIgnored() {
    decoder.handle(Buffer.buffer(new byte[] {0, 0, 0, 12, '0', '0', 'x', '1', 'a', 'b', 'c', 'd'}));
    decoder.handle(new MxFrame(1, "<after/>").encode());
    assertThat(errors).containsExactly("bad frame header: the invoke id is not four digits");
    assertThat(frames).isEmpty();
  }

  @Test
  void nonZeroHighBytesAndShortLengthsAreRejected() {
    MxFrameDecoder d1 = new MxFrameDecoder(frames::add, errors::add);
    d1.handle(Buffer.buffer(new byte[] {1, 0, 0, 12, '0', '0', '0', '1'}));
    MxFrameDecoder d2 = new MxFrameDecoder(frames::add, errors::add);
    d2.handle(Buffer.buffer(new byte[] {0, 0, 0, 4, '0', '0', '0', '1'}));
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains("high length bytes");
    assertThat(errors.get(1)).contains("shorter than the header");
  }

  @Test
  void payloadsThatDoNotFitSixteenBitsAreRefused() {
    assertThatThrownBy(() -> new MxFrame(1, "x".repeat(70_000)).encode()).hasMessageContaining("frame too long");
    assertThatThrownBy(() -> new MxFrame(10_000, "<a/>")).isInstanceOf(IllegalArgumentException.class);
  }
}
