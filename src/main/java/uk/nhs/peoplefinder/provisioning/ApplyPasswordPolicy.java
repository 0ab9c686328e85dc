package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.PasswordHash;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * Checks every password a client sets against R-PASSWORD, records when it was set (for the 90-day
 * expiry) and keeps the hashes of earlier passwords so that none of the previous four comes back.
 */
final class ApplyPasswordPolicy implements WriteRule {
  /** The current password and the three before it are "the previous four". */
  static final int HISTORY = 3;

  static final int MIN_LENGTH = 8;

  private static final String ACCEPTED =
      "a password needs at least " + MIN_LENGTH + " characters, three of upper case, lower case, digits and"
          + " symbols, no spaces or commas, must not contain the username and must not be one of the"
          + " previous four";

  private final Clock clock;
  // As in StampOperationalAttributes: a bulk load sets thousands of passwords within one
  // millisecond, and formatting the time is the dear part. Only the single writer touches these.
  private long formattedAt = Long.MIN_VALUE;
  private String formatted;

  ApplyPasswordPolicy(Clock clock) {
    this.clock = clock;
  }

  /** The clock's time as a generalized time. */
  private String now() {
    long millis = clock.millis();
    if (millis != formattedAt) {
      formatted = StaticUtils.encodeGeneralizedTime(new Date(millis));
      formattedAt = millis;
    }
    return formatted;
  }

  @Override
  public String id() {
    return "R-PASSWORD";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (after == null || !setsPassword(write)) {
      return;
    }
    EqualityRules.set(write, Attr.NHS_PASSWORD_CHANGED_TIME, now());
    // NOTE: the server's own writes (seed loading, the administrators' start-up passwords) are
    // trusted: seed files may hold legacy or pre-hashed passwords.
    if (write.requester().role() == Requester.Role.SYSTEM) {
      return;
    }
    // R-ACTIVATE: a password set by anyone but its holder (an administrator, the helpdesk, a local
    // administrator) must be changed by the holder before they do anything else.
    boolean self = write.requester().key().equals(write.dn().toNormalizedString());
    if (self) {
      after.removeAttribute(Attr.NHS_PASSWORD_MUST_CHANGE);
    } else {
      after.setAttribute(Attr.NHS_PASSWORD_MUST_CHANGE, "TRUE");
    }
    byte[][] values = after.getAttribute(Attr.USER_PASSWORD).getValueByteArrays();
    if (values.length != 1) {
      throw refused(after, "exactly one userPassword value is accepted, not " + values.length);
    }
    String password = new String(values[0], StandardCharsets.UTF_8);
    if (PasswordHash.isHashed(password)) {
      throw refused(after, "a password is sent in clear text (over TLS) and hashed by the server, not pre-hashed");
    }
    requireStrong(after, password);
    // R-LOCK: a password reset by someone else (the helpdesk, an administrator) unlocks the account.
    if (!self && after.hasAttributeValue(Attr.NHS_ACCOUNT_STATUS, "locked")) {
      after.setAttribute(Attr.NHS_ACCOUNT_STATUS, "active");
    }
    List<String> history = history(write.before());
    String current = write.before() == null ? null : write.before().getAttributeValue(Attr.USER_PASSWORD);
    List<String> previous = new ArrayList<>();
    if (current != null) {
      previous.add(current);
    }
    history.forEach(h -> previous.add(h.substring(h.indexOf('$') + 1)));
    for (String hash : previous) {
      if (PasswordHash.verify(hash, values[0])) {
        throw refused(after, "the password is one of the previous four");
      }
    }
    if (current != null && PasswordHash.isHashed(current)) {
      history.add(0, clock.millis() + "$" + current);
    }
    if (history.isEmpty()) {
      after.removeAttribute(Attr.NHS_PASSWORD_HISTORY);
    } else {
      after.setAttribute(Attr.NHS_PASSWORD_HISTORY, history.subList(0, Math.min(HISTORY, history.size())));
    }
  }

  /** True when the write gives the entry a new password (a clear-text value, hashed later). */
  private static boolean setsPassword(Write write) {
    if (!write.after().hasAttribute(Attr.USER_PASSWORD)) {
      return false;
    }
    if (write.isAdd()) {
      return true;
    }
    if (!(write.change() instanceof Change.Modify modify)) {
      return false;
    }
    return modify.modifications().stream()
        .anyMatch(m -> m.getAttributeName().equalsIgnoreCase(Attr.USER_PASSWORD) && m.hasValue());
  }

  /** The stored history, newest first: values are {@code <epoch millis>$<hash>}. */
  private static List<String> history(Entry before) {
    List<String> history = new ArrayList<>();
    if (before != null && before.hasAttribute(Attr.NHS_PASSWORD_HISTORY)) {
      for (String value : before.getAttributeValues(Attr.NHS_PASSWORD_HISTORY)) {
        if (value.indexOf('$') > 0) {
          history.add(value);
        }
      }
    }
    history.sort(Comparator.comparingLong(ApplyPasswordPolicy::millis).reversed());
    return history;
  }

  private static long millis(String value) {
    try {
      return Long.parseLong(value.substring(0, value.indexOf('$')));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void requireStrong(Entry after, String password) throws RuleViolation {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      throw refused(after, "the password has " + length + " characters, fewer than " + MIN_LENGTH);
    }
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    boolean symbol = false;
    for (int cp : password.codePoints().toArray()) {
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == ',') {
        throw refused(after, "the password contains a space or a comma");
      }
      if (Character.isISOControl(cp)) {
        throw refused(after, "the password contains a control character");
      }
      if (Character.isUpperCase(cp)) {
        upper = true;
      } else if (Character.isLowerCase(cp)) {
        lower = true;
      } else if (Character.isDigit(cp)) {
        digit = true;
      } else if (!Character.isLetter(cp)) {
        symbol = true;
      }
    }
    int classes = (upper ? 1 : 0) + (lower ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    if (classes < 3) {
      throw refused(after, "the password uses " + classes + " of the four kinds of character (upper case, lower"
          + " case, digits, symbols), not three");
    }
    String folded = password.toLowerCase(java.util.Locale.ROOT);
    String[] uids = after.getAttributeValues(Attr.UID);
    for (String uid : uids == null ? new String[0] : uids) {
      if (!uid.isEmpty() && folded.contains(uid.toLowerCase(java.util.Locale.ROOT))) {
        throw refused(after, "the password contains the username " + uid);
      }
    }
  }

  private static RuleViolation refused(Entry after, String what) {
    return new RuleViolation(
        Reason.CONSTRAINT_VIOLATION, "R-PASSWORD: new password for " + after.getDN() + " refused: " + what + "; " + ACCEPTED);
  }
}
