package org.portier.mobile;

/**
 * Data sent even when empty. The envelope drops empty data as the reference server does, but a few
 * methods must answer 200 with data that may be an empty list (§13: the apps fail without it).
 */
record KeepEmpty(Object value) {}
