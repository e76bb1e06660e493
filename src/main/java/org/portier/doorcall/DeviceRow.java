package org.portier.doorcall;

/** A device of one of the flat's subscribers, already filtered for VoIP on (device and flat). */
record DeviceRow(long id, String platform, String pushService, String pushToken, boolean pushTokenDead,
    String voipToken, boolean voipTokenDead, boolean production, String bundle) {}
