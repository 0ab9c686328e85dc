package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.MobileNumber;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-MOBILE: a new personal account needs a UK mobile (stored as +447…) and an alternative e-mail
 * address; a mobile belongs to one person only, on add and on modify. Only NAS administrators and
 * the helpdesk are told whose it is.
 */
final class RequireUniqueMobile implements WriteRule {
  static final String ID = "R-MOBILE";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (after == null || !after.hasObjectClass(Attr.NHS_PERSON)) {
      return;
    }
    EntryKind kind = EntryKind.of(after);
    if (write.isAdd() && kind == EntryKind.PERSON) {
      if (!after.hasAttribute(Attr.MOBILE)) {
        throw refused("a new personal account needs a UK mobile number (07… or +447…) in mobile");
      }
      if (!after.hasAttribute(Attr.NHS_ALT_EMAIL)) {
        throw refused("a new personal account needs an alternative e-mail address in nhsAltEmail");
      }
    }
    String[] mobiles = after.getAttributeValues(Attr.MOBILE);
    if (mobiles == null) {
      return;
    }
    if (mobiles.length > 1) {
      throw refused("an account has one mobile number, not " + mobiles.length);
    }
    MobileNumber mobile;
    try {
      mobile = MobileNumber.of(mobiles[0]);
    } catch (IllegalArgumentException e) {
      throw refused(e.getMessage());
    }
    EqualityRules.set(write, Attr.MOBILE, mobile.value());
    String before = write.before() == null ? null : write.before().getAttributeValue(Attr.MOBILE);
    if (mobile.value().equals(before)) {
      return;
    }
    requireUnused(write, view, mobile);
  }

  private static void requireUnused(Write write, DirectoryView view, MobileNumber mobile) throws RuleViolation {
    String self = write.dn().toNormalizedString();
    List<String> holders = view.lookup(Attr.MOBILE, mobile.value());
    for (String key : holders == null ? List.<String>of() : holders) {
      Entry other = view.read(key);
      if (key.equals(self) || other == null || !mobile.value().equals(other.getAttributeValue(Attr.MOBILE))) {
        continue;
      }
      if (RegisterOrganisation.isInsideRegistration(write, view.schema())) {
        throw refusedInRegistration(write, mobile, other);
      }
      if (write.requester().isAdministrator()) {
        throw refused(mobile + " already belongs to " + other.getAttributeValue(Attr.MAIL)
            + "; this person has an account already: link it instead of creating a duplicate");
      }
      throw refused("this mobile number already belongs to an account; ask the NAS or the helpdesk to link"
          + " the existing account instead of creating a duplicate");
    }
  }

  /**
   * R-REGISTER: someone who already has an account is linked, not created again; the client is told
   * how (administrators also whose account it is).
   */
  private static RuleViolation refusedInRegistration(Write write, MobileNumber mobile, Entry existing) {
    String how =
        "; a registration links someone who already has an account instead of creating it again (R-REGISTER):"
            + " leave out this add and put ";
    if (write.requester().isAdministrator()) {
      return refused(mobile + " already belongs to " + existing.getAttributeValue(Attr.MAIL) + how
          + existing.getDN() + " in the new shared mailbox's member (and owner, to make them an owner)");
    }
    return refused("this mobile number already belongs to an account" + how + "that account's DN in the new"
        + " shared mailbox's member (and owner, to make them an owner); the NAS or the helpdesk can tell you the DN");
  }

  private static RuleViolation refused(String message) {
    return new RuleViolation(Reason.CONSTRAINT_VIOLATION, ID + ": " + message);
  }
}
