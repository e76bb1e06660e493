package org.portier.mx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MxXmlTest {
  @Test
  void theRootIsTheMessageNameWithADeclarationAndNamespaces() {
    XmlNode n = MxXml.parse("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<csta:DeliveredEvent xmlns:csta=\"http://www.ecma-international.org/standards/ecma-323/csta/ed5\">"
        + "<csta:connection><csta:callID>21</csta:callID><deviceID>3095</deviceID></csta:connection></csta:DeliveredEvent>");
    assertThat(n.name()).isEqualTo("DeliveredEvent");
    assertThat(n.textAt("connection>callID")).isEqualTo("21");
    assertThat(n.textAt("connection>deviceID")).isEqualTo("3095");
    assertThat(n.path("connection>nothing")).isNull();
  }

  @Test
  void attributesTextAndEntitiesAreRead() {
    XmlNode n = MxXml.parse("<loginFailed code=\"4\" apiversion=\"11\">bad &amp; wrong&#xA;</loginFailed>");
    assertThat(n.attrIgnoreCase("Code")).isEqualTo("4");
    assertThat(n.attr("apiversion")).isEqualTo("11");
    assertThat(n.text()).isEqualTo("bad & wrong\n");
  }

  @Test
  void theCallIdIsFoundWhereverItSits() {
    MxMessage m = new MxMessage(9999, "HeldEvent", MxXml.parse("<HeldEvent><monitorCrossRefID>17</monitorCrossRefID>"
        + "<heldConnection><callID>33</callID></heldConnection></HeldEvent>"), "");
    assertThat(m.callId()).isEqualTo("33");
  }

  @Test
  void doctypesAndExternalEntitiesAreRefused() {
    assertThatThrownBy(() -> MxXml.parse("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MxXml.parse("<a><b></a>")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MxXml.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outgoingXmlIsWrittenLikeGo() {
    String xml = XmlOut.root("loginRequest").attr("type", "User").attr("skip", null).leaf("userName", "d\"o'<m>&")
        .leaf("pwd", "abc=\n").start("empty").end().build();
    assertThat(xml).isEqualTo("<loginRequest type=\"User\"><userName>d&#34;o&#39;&lt;m&gt;&amp;</userName>"
        + "<pwd>abc=&#xA;</pwd><empty></empty></loginRequest>");
    assertThat(XmlOut.root("iq").attr("type", "get").build()).isEqualTo("<iq type=\"get\"></iq>");
  }

  @Test
  void theLoginRequestAndPasswordHashMatchTheReferenceClient() {
    String hash = MxLogin.hash("secret");
    assertThat(hash).isEqualTo("5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
    assertThat(MxLogin.hash(hash)).isEqualTo(hash);
    assertThat(MxLogin.request("dmitrys", hash)).isEqualTo("<loginRequest type=\"User\" platform=\"iPhone\" version=\"7.0\" push_ntf=\"false\">"
        + "<userName>dmitrys</userName><pwd>5en6G6MezRroT3XKqkdPOmY/BfQ=&#xA;</pwd></loginRequest>");
    assertThat(MxLogin.masked(MxLogin.request("u", hash))).contains("<pwd>***</pwd>").doesNotContain("5en6");
  }

  @Test
  void loginRepliesAreRead() {
    MxLogin.Session s = MxLogin.session(msg("<loginResponce Code=\"0\" sn=\"631HC\" apiversion=\"11\" ext=\"273\" userId=\"43892780322813134\" "
        + "softPhonePwd=\"yTE\">Login OK</loginResponce>"));
    assertThat(s).isEqualTo(new MxLogin.Session("631HC", "273", "43892780322813134", "yTE", 11));
    assertThat(MxLogin.wantsClearText(msg("<loginFailed Code=\"4\" apiversion=\"11\">LDAP</loginFailed>"))).isTrue();
    assertThat(MxLogin.wantsClearText(msg("<loginFailed code=\"2\" apiversion=\"3\">x</loginFailed>"))).isTrue();
    assertThat(MxLogin.wantsClearText(msg("<loginFailed Code=\"4\" apiversion=\"2\">x</loginFailed>"))).isFalse();
    assertThat(MxLogin.wantsClearText(msg("<loginFailed Code=\"1\" apiversion=\"11\">x</loginFailed>"))).isFalse();
    assertThatThrownBy(() -> MxLogin.session(msg("<loginFailed Code=\"2\">Invalid password</loginFailed>")))
        .isInstanceOf(MxException.class).hasMessage("Invalid password");
    assertThatThrownBy(() -> MxLogin.session(msg("<hello/>"))).hasMessage("unknown login response hello");
  }

  @Test
  void cstaErrorsCarryTheLastChildsTextAndName() {
    MxException e = MxConnection.cstaError(msg("<CSTAErrorCode><operation>x</operation><privateErrorCode>URM Denied</privateErrorCode></CSTAErrorCode>"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("URM Denied");
    assertThat(e.cstaElement()).isEqualTo("privateErrorCode");
  }

  private static MxMessage msg(String xml) {
    return MxMessage.of(new MxFrame(1, xml));
  }
}
