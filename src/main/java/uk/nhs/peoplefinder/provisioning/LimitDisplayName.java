package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-DISPLAY: a display name is under 250 characters of letters, digits, spaces and
 * {@code - , ; . ( ) & [ ] ' @}.
 */
final class LimitDisplayName implements WriteRule {
  static final String ID = "R-DISPLAY";
  private static final int LIMIT = 250;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (after == null) {
      return;
    }
    String[] values = after.getAttributeValues(Attr.DISPLAY_NAME);
    if (values == null) {
      return;
    }
    for (String name : values) {
      if (name.length() >= LIMIT) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION,
            ID + ": the display name of " + after.getDN() + " is " + name.length() + " characters; it must be under "
                + LIMIT);
      }
      int bad = name.codePoints().filter(c -> !allowed(c)).findFirst().orElse(-1);
      if (bad >= 0) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION,
            ID + ": the display name '" + name + "' contains '" + new String(Character.toChars(bad))
                + "'; a display name may hold letters, digits, spaces and - , ; . ( ) & [ ] ' @");
      }
    }
  }

  private static boolean allowed(int c) {
    return Character.isLetterOrDigit(c) || c == ' ' || "-,;.()&[]'@".indexOf(c) >= 0;
  }
}
