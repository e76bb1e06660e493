package org.portier.store;

/** Who may use a flat now: the one rule every face and capability applies to flat_subscribers. */
public final class FlatAccess {
  /** SQL condition on flat_subscribers aliased fs (a guest's access ends at expires_at); binds one parameter: now. */
  public static final String ACTIVE = "(fs.expires_at IS NULL OR fs.expires_at > ?)";

  private FlatAccess() {}
}
