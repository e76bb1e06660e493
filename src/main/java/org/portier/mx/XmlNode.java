package org.portier.mx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed XML element reduced to what the MX protocol needs: local name, attributes by local name,
 * its own text and its child elements. Namespaces are dropped on purpose (MX may send ECMA-323
 * namespaces; every reference client ignores them).
 */
public final class XmlNode {
  private final String name;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private final List<XmlNode> children = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  XmlNode(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** The attribute with this local name, or null. */
  public String attr(String local) {
    return attributes.get(local);
  }

  /** The first attribute whose name matches ignoring case (MX writes "Code", one client reads "code"). */
  public String attrIgnoreCase(String local) {
    for (Map.Entry<String, String> e : attributes.entrySet()) if (e.getKey().equalsIgnoreCase(local)) return e.getValue();
    return null;
  }

  public Map<String, String> attributes() {
    return Collections.unmodifiableMap(attributes);
  }

  public List<XmlNode> children() {
    return Collections.unmodifiableList(children);
  }

  /** The element's own character data (not its children's). */
  public String text() {
    return text.toString();
  }

  /** The first direct child with this name, or null. */
  public XmlNode child(String local) {
    for (XmlNode c : children) if (c.name.equals(local)) return c;
    return null;
  }

  /** A path of child names separated by '>' ("connection>callID"); null when any step is missing. */
  public XmlNode path(String path) {
    XmlNode n = this;
    for (String step : path.split(">")) {
      n = n.child(step.trim());
      if (n == null) return null;
    }
    return n;
  }

  /** The text at a path, or null. */
  public String textAt(String path) {
    XmlNode n = path(path);
    return n == null ? null : n.text();
  }

  /** The first descendant (depth first, document order) with this name, ignoring case; null if none. */
  public XmlNode find(String local) {
    for (XmlNode c : children) {
      if (c.name.equalsIgnoreCase(local)) return c;
      XmlNode deeper = c.find(local);
      if (deeper != null) return deeper;
    }
    return null;
  }

  public XmlNode lastChild() {
    return children.isEmpty() ? null : children.get(children.size() - 1);
  }

  void attribute(String local, String value) {
    attributes.put(local, value);
  }

  void add(XmlNode child) {
    children.add(child);
  }

  void appendText(String s) {
    text.append(s);
  }
}
