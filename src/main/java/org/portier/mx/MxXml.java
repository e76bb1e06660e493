package org.portier.mx;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses MX payloads with the JDK's StAX reader: no DTDs, no external entities, namespaces reduced
 * to local names, anything before the root element (an XML declaration) skipped. The root's name is
 * the message name.
 */
public final class MxXml {
  private static final ThreadLocal<XMLInputFactory> FACTORY = ThreadLocal.withInitial(MxXml::secureFactory);

  private MxXml() {}

  private static XMLInputFactory secureFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    try {
      f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    } catch (IllegalArgumentException ignored) {
      // not every StAX implementation knows the JAXP 1.5 properties; DTDs are off anyway
    }
    return f;
  }

  /** The root element of a payload; fails with {@link IllegalArgumentException} on malformed XML. */
  public static XmlNode parse(String xml) {
    XMLStreamReader r = null;
    try {
      r = FACTORY.get().createXMLStreamReader(new StringReader(xml));
      Deque<XmlNode> open = new ArrayDeque<>();
      XmlNode root = null;
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT -> {
            XmlNode n = new XmlNode(r.getLocalName());
            for (int i = 0; i < r.getAttributeCount(); i++) n.attribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
            if (open.isEmpty()) root = n;
            else open.peek().add(n);
            open.push(n);
          }
          case XMLStreamConstants.END_ELEMENT -> {
            open.pop();
            if (open.isEmpty()) return root;
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            if (!open.isEmpty()) open.peek().appendText(r.getText());
          }
          case XMLStreamConstants.DTD -> throw new IllegalArgumentException("DTDs are not accepted");
          default -> {
            // comments, processing instructions and the declaration carry nothing for MX
          }
        }
      }
      throw new IllegalArgumentException("no root element");
    } catch (XMLStreamException e) {
      throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release for a string reader
        }
      }
    }
  }
}
