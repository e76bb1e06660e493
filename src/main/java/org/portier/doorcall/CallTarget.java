package org.portier.doorcall;

/**
 * Where a door call rings: the flat, and the door (panel output) it was dialled from when known.
 * The door gives the DTMF open code, the camera and a caller id; a call by flat id alone uses the
 * house's first door for those, or defaults when the house has none.
 */
record CallTarget(long flatId, String flatNumber, long houseId, Long doorRowId, Long panelId, Integer doorId,
    String dtmf, String snapshotUrl, String doorCallerId) {}
