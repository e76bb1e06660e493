package org.portier.mx;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's voicemail fixtures and how MX serves them (mx-proxy.md §2.6, §2.8): the list in
 * one reply of {@code <mail>} rows; a file in 1-based base64 chunks, the first asked without and
 * each following one with {@code <nextChunk/>}, past the end (or an unknown id) a CSTA error;
 * delete, read status and note by id, an unknown id a CSTA error (MX Proxy maps those to 404).
 */
public final class SimVoice {
  /**
   * A voicemail and its WAV bytes, served in chunks of {@code chunkSize} bytes; keep it under
   * 45,000 so a chunk's base64 fits one MX frame (64 KiB).
   */
  public record Mail(String id, String from, String fromName, String callerName, String to, long received, int duration,
      boolean read, String note, String documentName, byte[] wav, int chunkSize) {
    public static Mail of(String id, String from, String to, long received, byte[] wav, int chunkSize) {
      return new Mail(id, from, null, null, to, received, 7, false, null, "u0001/m" + id + ".wav", wav, chunkSize);
    }

    int chunks() {
      return Math.max(1, (wav.length + chunkSize - 1) / chunkSize);
    }

    Mail read(boolean r) {
      return new Mail(id, from, fromName, callerName, to, received, duration, r, note, documentName, wav, chunkSize);
    }

    Mail note(String n) {
      return new Mail(id, from, fromName, callerName, to, received, duration, read, n, documentName, wav, chunkSize);
    }
  }

  final Map<String, Map<String, Mail>> mails = new ConcurrentHashMap<>();
  /** The next chunk each session has been sent, by session and mail id (MX keeps one cursor per file). */
  private final Map<MxSimulator.Session, Map<String, Integer>> cursors = new ConcurrentHashMap<>();

  void install(MxSimulator sim) {
    sim.handle("MailGetListIncoming", this::list);
    sim.handle("MailReceiveIncoming", this::receive);
    sim.handle("MailCancelReceive", (s, m) -> {
      cursors.getOrDefault(s, Map.of()).remove(m.root().textAt("mailId"));
      s.reply(m, XmlOut.root("MailCancelReceiveResponse").build());
    });
    sim.handle("MailDeleteIncoming", (s, m) -> update(s, m, mail -> null));
    sim.handle("MailSetStatus", (s, m) -> update(s, m, mail -> mail.read("true".equals(m.root().textAt("read")))));
    sim.handle("UpdateVmNote", (s, m) -> update(s, m, mail -> mail.note(m.root().textAt("note"))));
  }

  private Map<String, Mail> of(MxSimulator.Session s) {
    return mails.computeIfAbsent(s.user().login(), k -> new ConcurrentHashMap<>());
  }

  private void list(MxSimulator.Session s, MxMessage m) {
    List<Mail> all = new ArrayList<>(of(s).values());
    all.sort(Comparator.comparing(Mail::id));
    XmlOut x = XmlOut.root("MailGetListIncomingResponse").attr("rowCount", String.valueOf(all.size()));
    for (Mail v : all) {
      x.start("mail").attr("from", v.from());
      if (v.fromName() != null) x.attr("fromName", v.fromName());
      if (v.callerName() != null) x.attr("callerName", v.callerName());
      x.attr("to", v.to()).attr("ownerType", "user").leaf("mailId", v.id()).leaf("mediaType", "VoiceMail")
          .leaf("received", String.valueOf(v.received())).leaf("duration", String.valueOf(v.duration()))
          .leaf("read", String.valueOf(v.read())).leaf("note", v.note() == null ? "" : v.note()).end();
    }
    s.reply(m, x.build());
  }

  private void receive(MxSimulator.Session s, MxMessage m) {
    String id = m.root().textAt("faxSessionID");
    Mail v = id == null ? null : of(s).get(id);
    Map<String, Integer> mine = cursors.computeIfAbsent(s, k -> new ConcurrentHashMap<>());
    int n = m.root().child("nextChunk") == null ? 1 : mine.getOrDefault(id, 0) + 1;
    if (v == null || n > v.chunks()) {
      if (id != null) mine.remove(id);
      s.reply(m, XmlOut.root("CSTAErrorCode").leaf("privateErrorCode", v == null ? "Mail not found" : "No more chunks").build());
      return;
    }
    mine.put(id, n);
    int from = (n - 1) * v.chunkSize();
    int to = Math.min(v.wav().length, from + v.chunkSize());
    byte[] part = java.util.Arrays.copyOfRange(v.wav(), from, to);
    // MIME base64 (line breaks every 76 chars), as MX sends it: clients must decode leniently
    String b64 = Base64.getMimeEncoder().encodeToString(part);
    s.reply(m, XmlOut.root("MailReceiveIncomingResponse").attr("mailId", id).attr("chunkNumber", String.valueOf(n))
        .attr("totalChunks", String.valueOf(v.chunks())).attr("chunkSize", String.valueOf(part.length))
        .leaf("fileFormat", "wav").leaf("documentName", v.documentName()).leaf("mediaContent", b64).build());
  }

  private void update(MxSimulator.Session s, MxMessage m, java.util.function.UnaryOperator<Mail> change) {
    String id = m.root().textAt("mailId");
    Map<String, Mail> mine = of(s);
    Mail v = id == null ? null : mine.get(id);
    if (v == null) {
      s.reply(m, XmlOut.root("CSTAErrorCode").leaf("privateErrorCode", "Mail not found").build());
      return;
    }
    Mail next = change.apply(v);
    if (next == null) mine.remove(id);
    else mine.put(id, next);
    s.reply(m, XmlOut.root(m.name() + "Response").build());
  }
}
