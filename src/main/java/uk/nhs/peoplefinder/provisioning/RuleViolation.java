package uk.nhs.peoplefinder.provisioning;

/**
 * A write refused by a rule: why (a {@link Reason} that the LDAP layer maps to a result code) and
 * a message for the client that names the rule and what would be accepted.
 */
public final class RuleViolation extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why a write was refused; the LDAP layer maps each to exactly one result code. */
  public enum Reason {
    NO_SUCH_OBJECT,
    ALREADY_EXISTS,
    OBJECT_CLASS_VIOLATION,
    OBJECT_CLASS_MODS_PROHIBITED,
    UNDEFINED_ATTRIBUTE,
    INVALID_SYNTAX,
    INVALID_DN,
    NAMING_VIOLATION,
    NOT_ALLOWED_ON_NON_LEAF,
    NOT_ALLOWED_ON_RDN,
    CONSTRAINT_VIOLATION,
    NO_SUCH_ATTRIBUTE,
    ATTRIBUTE_OR_VALUE_EXISTS,
    INSUFFICIENT_ACCESS,
    UNWILLING,
    AFFECTS_MULTIPLE_DSAS,
    ASSERTION_FAILED
  }

  private final Reason reason;
  private final String matchedDn;
  private final int change;

  public RuleViolation(Reason reason, String message) {
    this(reason, message, null);
  }

  /** @param matchedDn for NO_SUCH_OBJECT: the closest existing ancestor, as stored */
  public RuleViolation(Reason reason, String message, String matchedDn) {
    this(reason, message, matchedDn, -1);
  }

  private RuleViolation(Reason reason, String message, String matchedDn, int change) {
    super(message, null, false, false);
    this.reason = reason;
    this.matchedDn = matchedDn;
    this.change = change;
  }

  /** The same refusal, naming the position of the refused change in its batch. */
  RuleViolation inChange(int index) {
    return new RuleViolation(reason, getMessage(), matchedDn, index);
  }

  /**
   * The position of the refused change in the batch given to {@link WritePipeline#submitAll}
   * (0 for a single write), or -1 when not known.
   */
  public int change() {
    return change;
  }

  public Reason reason() {
    return reason;
  }

  /** The closest existing ancestor of a missing entry, or null. */
  public String matchedDn() {
    return matchedDn;
  }
}
