package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import java.util.Locale;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-APP-NAME: an application account (patient text messaging and the like) is named for its
 * purpose, which is its {@code sn}: {@code <purpose>.<ods>.donotreply@nhs.net}. A name that looks
 * like a person's (a given name, or a purpose of several words) is refused; it has no mobile, and
 * is created active.
 */
final class DeriveApplicationAddress implements WriteRule {
  static final String ID = "R-APP-NAME";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (EntryKind.of(after) != EntryKind.APPLICATION) {
      return;
    }
    if (write.isModify()) {
      keep(write);
      return;
    }
    if (!write.isAdd()) {
      return;
    }
    ParentOrganisation org = ParentOrganisation.of(write, view, "an application account");
    String purpose = after.getAttributeValue(Attr.SN);
    String word = purpose == null ? "" : purpose.trim().toLowerCase(Locale.ROOT);
    if (after.hasAttribute(Attr.GIVEN_NAME) || !word.matches("[a-z][a-z0-9]{2,30}")) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": an application account is named for its purpose, one word in sn such as 'reminders',"
              + " with no givenName; '" + (purpose == null ? "" : purpose) + "' looks like a person's name or is not one word");
    }
    if (after.hasAttribute(Attr.MOBILE)) {
      throw new RuleViolation(Reason.CONSTRAINT_VIOLATION, "R-MOBILE: application accounts have no mobile number");
    }
    String localPart = word + "." + org.odsCode().lower() + ".donotreply";
    if (TakenAddresses.isTaken(view, localPart, null)) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": " + Addresses.mail(localPart) + " is already in use; name the application for another purpose");
    }
    DerivedValues.nameEntry(write, ID, localPart, null);
    String mail = Addresses.mail(localPart);
    String displayName = displayName(word, org);
    if (!after.hasAttribute(Attr.NHS_ACCOUNT_STATUS)) {
      after.setAttribute(Attr.NHS_ACCOUNT_STATUS, "active");
    }
    DerivedValues.set(write, ID, Attr.UID, localPart);
    DerivedValues.set(write, ID, Attr.MAIL, mail);
    DerivedValues.set(write, ID, Attr.DISPLAY_NAME, displayName);
    DerivedValues.set(write, ID, Attr.CN, displayName);
    DerivedValues.set(write, ID, Attr.NHS_ODS_CODE, org.odsCode().value());
    DerivedValues.set(write, ID, Attr.PROXY_ADDRESSES, DeriveSharedMailboxAddress.proxyAddresses(mail, after));
  }

  /** {@code <purpose> (<ORGANISATION NAME>)}: the one place this format is written. */
  static String displayName(String purpose, ParentOrganisation org) {
    return purpose.trim().toLowerCase(Locale.ROOT) + " (" + org.name().toUpperCase(Locale.ROOT) + ")";
  }

  /** On modify, the purpose and everything derived from it stay. */
  private static void keep(Write write) throws RuleViolation {
    Entry before = write.before();
    Entry after = write.after();
    if (!before.getAttributeValue(Attr.SN).equalsIgnoreCase(String.valueOf(after.getAttributeValue(Attr.SN)))) {
      throw new RuleViolation(
          Reason.UNWILLING,
          ID + ": an application account is named for its purpose, which does not change; add a new account"
              + " for a new purpose");
    }
    if (after.hasAttribute(Attr.MOBILE)) {
      throw new RuleViolation(Reason.CONSTRAINT_VIOLATION, "R-MOBILE: application accounts have no mobile number");
    }
    String mail = before.getAttributeValue(Attr.MAIL);
    for (String attribute : List.of(Attr.UID, Attr.MAIL, Attr.DISPLAY_NAME, Attr.CN, Attr.NHS_ODS_CODE)) {
      DerivedValues.set(write, ID, attribute, before.getAttributeValue(attribute));
    }
    DerivedValues.set(write, ID, Attr.PROXY_ADDRESSES, DeriveSharedMailboxAddress.proxyAddresses(mail, after));
  }
}
