package org.portier.mx;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's call-control fixtures: each command gets its direct reply
 * ({@code <CommandName>Response}, ECMA-323 style) and then the event that confirms it, as a real
 * MX does (mx-proxy.md §2.6). Scripted CSTA errors ({@link MxSimulator#cstaError}) take precedence.
 */
final class SimCalls {
  private final AtomicInteger callIds = new AtomicInteger(24);

  void register(MxSimulator sim) {
    sim.handle("MakeCall", this::makeCall);
    sim.handle("AssignDevice", (s, m) -> {
      String device = m.root().textAt("deviceID");
      s.reply(m, XmlOut.root("AssignDeviceResponse").build());
      s.event(XmlOut.root("AssignDeviceInfo").leaf("deviceID", device).build());
    });
    sim.handle("AnswerCall", (s, m) -> confirmed(s, m, "callToBeAnswered", "EstablishedEvent", "establishedConnection", "answeringDevice"));
    sim.handle("SingleStepTransferCall", (s, m) -> s.reply(m, XmlOut.root("SingleStepTransferCallResponse").start("transferredCall")
        .leaf("callID", m.root().textAt("activeCall>callID")).leaf("deviceID", m.root().textAt("transferredTo")).end().build()));
    sim.handle("ClearConnection", (s, m) -> confirmed(s, m, "connectionToBeCleared", "ConnectionClearedEvent", "droppedConnection", "releasingDevice"));
    sim.handle("HoldCall", (s, m) -> confirmed(s, m, "callToBeHeld", "HeldEvent", "heldConnection", "holdingDevice"));
    sim.handle("RetrieveCall", (s, m) -> confirmed(s, m, "callToBeRetrieved", "RetrievedEvent", "retrievedConnection", "retrievingDevice"));
  }

  /** MakeCallResponse with a fresh call id, then OriginatedEvent and DeliveredEvent on that call. */
  private void makeCall(MxSimulator.Session s, MxMessage m) {
    String id = String.valueOf(callIds.incrementAndGet());
    String from = m.root().textAt("callingDevice");
    String to = m.root().textAt("calledDirectoryNumber");
    s.reply(m, XmlOut.root("MakeCallResponse").start("callingDevice").leaf("callID", id).leaf("deviceID", from).end()
        .leaf("calledDevice", to).build());
    s.event(XmlOut.root("OriginatedEvent").start("originatedConnection").leaf("callID", id).leaf("deviceID", from).end()
        .start("callingDevice").leaf("deviceIdentifier", from).end().start("calledDevice").leaf("deviceIdentifier", to).end()
        .leaf("cause", "normal").build());
    s.event(XmlOut.root("DeliveredEvent").start("connection").leaf("callID", id).leaf("deviceID", to).end()
        .start("callingDevice").leaf("deviceIdentifier", from).end().start("calledDevice").leaf("deviceIdentifier", to).end()
        .leaf("cause", "normal").build());
  }

  /** The reply, then the event about the same call and device. */
  private static void confirmed(MxSimulator.Session s, MxMessage m, String target, String event, String connection, String device) {
    String callId = m.root().textAt(target + ">callID");
    String deviceId = m.root().textAt(target + ">deviceID");
    s.reply(m, XmlOut.root(m.name() + "Response").build());
    s.event(XmlOut.root(event).start(connection).leaf("callID", callId).leaf("deviceID", deviceId).end()
        .start(device).leaf("deviceIdentifier", deviceId).end().leaf("cause", "normal").build());
  }
}
