package org.portier.mx;

/** A parsed incoming frame: its invoke id, the root element's name, the tree and the raw payload. */
public record MxMessage(int invokeId, String name, XmlNode root, String xml) {
  public static MxMessage of(MxFrame f) {
    XmlNode root = MxXml.parse(f.xml());
    return new MxMessage(f.invokeId(), root.name(), root, f.xml());
  }

  public boolean isEvent() {
    return invokeId == MxFrame.EVENT_ID;
  }

  /** The call id an event or reply is about ({@code callID}, {@code callId}, first in document order), or null. */
  public String callId() {
    XmlNode n = root.find("callID");
    return n == null ? null : n.text().trim();
  }
}
