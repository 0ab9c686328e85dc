package uk.nhs.peoplefinder.directory;

/**
 * Who is asking: the bound identity of a connection, or the server itself for seed loading.
 *
 * @param dn the bound DN as the entry stores it; empty for anonymous
 * @param key the normalised bound DN; empty for anonymous
 */
public record Requester(String dn, String key, Role role) {

  /** What a requester is, for access decisions (SPEC §5). */
  public enum Role {
    ANONYMOUS,
    USER,
    LOCAL_ADMIN,
    HELPDESK,
    NAS_ADMIN,
    /** The server itself: seed loading and start-up. */
    SYSTEM
  }

  public static final Requester ANONYMOUS = new Requester("", "", Role.ANONYMOUS);
  public static final Requester SYSTEM = new Requester("cn=People Finder", "", Role.SYSTEM);

  public boolean isAnonymous() {
    return role == Role.ANONYMOUS;
  }

  /** NAS administrators, the helpdesk and the server itself may do everything (SPEC §5). */
  public boolean isAdministrator() {
    return role == Role.NAS_ADMIN || role == Role.HELPDESK || role == Role.SYSTEM;
  }
}
