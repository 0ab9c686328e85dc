package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-PERSON-NAME: a personal account's address is {@code firstname.lastname@nhs.net} from its
 * first given name (accents folded, apostrophes and spaces dropped, hyphens kept), numbered from
 * 2 on a clash with any address ever given; {@code cn} = display name = {@code <Firstname>
 * <Surname> (<ORGANISATION NAME>)}.
 */
final class DerivePersonAddress implements WriteRule {
  static final String ID = "R-PERSON-NAME";
  // Used only by the single writer (see WritePipeline).
  private final Map<String, Integer> numberHints = new HashMap<>();

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (EntryKind.of(after) != EntryKind.PERSON) {
      return;
    }
    if (write.isModify() && EntryKind.of(write.before()) == EntryKind.PERSON) {
      rename(write, view);
      return;
    }
    if (!write.isAdd()) {
      return;
    }
    ParentOrganisation org = ParentOrganisation.of(write, view, "a personal account");
    String given = first(after, Attr.GIVEN_NAME);
    String surname = first(after, Attr.SN);
    String base = Addresses.personPart(given == null ? "" : given) + "." + Addresses.personPart(surname == null ? "" : surname);
    if (given == null || surname == null || base.startsWith(".") || base.endsWith(".")) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": a personal account needs a givenName and an sn with letters in them (they make the address"
              + " firstname.lastname@nhs.net)");
    }
    String localPart = TakenAddresses.firstFree(view, base, null, numberHints);
    DerivedValues.nameEntry(write, ID, localPart, localPart.equals(base) ? null : base + " is taken");
    String mail = Addresses.mail(localPart);
    String displayName = displayName(given, surname, org);
    EqualityRules.set(write, Attr.NHS_ACCOUNT_KIND, "person");
    DerivedValues.set(write, ID, Attr.UID, localPart);
    DerivedValues.set(write, ID, Attr.MAIL, mail);
    DerivedValues.set(write, ID, Attr.DISPLAY_NAME, displayName);
    DerivedValues.set(write, ID, Attr.CN, displayName);
    DerivedValues.set(write, ID, Attr.NHS_ODS_CODE, org.odsCode().value());
    DerivedValues.set(write, ID, Attr.PROXY_ADDRESSES, DeriveSharedMailboxAddress.proxyAddresses(mail, after));
  }

  /**
   * R-RENAME: a modify of givenName or sn gives a new address (numbered on a clash, as on add), a
   * new display name and proxy addresses; the old address stays as an nhsMailAlias, and uid and
   * the DN stay. Other modifies must leave the derived values as they are.
   */
  private void rename(Write write, DirectoryView view) throws RuleViolation {
    Entry before = write.before();
    Entry after = write.after();
    ParentOrganisation org = ParentOrganisation.of(write, view, "a personal account");
    String given = first(after, Attr.GIVEN_NAME);
    String surname = first(after, Attr.SN);
    if (given == null || surname == null) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION, ID + ": a personal account keeps a givenName and an sn (they make its address)");
    }
    String oldMail = before.getAttributeValue(Attr.MAIL);
    String oldLocal = Addresses.localPart(oldMail);
    String base = Addresses.personPart(given) + "." + Addresses.personPart(surname);
    boolean sameName = oldLocal.equals(base) || oldLocal.matches(java.util.regex.Pattern.quote(base) + "[0-9]+");
    String self = write.dn().toNormalizedString();
    String localPart = sameName ? oldLocal : TakenAddresses.firstFree(view, base, self, numberHints);
    String mail = Addresses.mail(localPart);
    if (!localPart.equals(oldLocal)) {
      java.util.List<String> aliases = new java.util.ArrayList<>();
      String[] existing = after.getAttributeValues(Attr.NHS_MAIL_ALIAS);
      if (existing != null) {
        for (String alias : existing) {
          if (!alias.equalsIgnoreCase(mail)) {
            aliases.add(alias); // renamed back: the old address is primary again
          }
        }
      }
      aliases.add(oldMail);
      after.setAttribute(Attr.NHS_MAIL_ALIAS, aliases);
    }
    String displayName = displayName(given, surname, org);
    DerivedValues.set(write, ID, Attr.UID, before.getAttributeValue(Attr.UID));
    DerivedValues.set(write, ID, Attr.MAIL, mail);
    DerivedValues.set(write, ID, Attr.DISPLAY_NAME, displayName);
    DerivedValues.set(write, ID, Attr.CN, displayName);
    DerivedValues.set(write, ID, Attr.NHS_ODS_CODE, org.odsCode().value());
    DerivedValues.set(write, ID, Attr.PROXY_ADDRESSES, DeriveSharedMailboxAddress.proxyAddresses(mail, after));
  }

  /** {@code <Firstname> <Surname> (<ORGANISATION NAME>)}: the one place this format is written. */
  static String displayName(String given, String surname, ParentOrganisation org) {
    return given.trim() + " " + surname.trim() + " (" + org.name().toUpperCase(Locale.ROOT) + ")";
  }

  private static String first(Entry entry, String attribute) {
    String[] values = entry.getAttributeValues(attribute);
    return values == null || values.length == 0 ? null : values[0];
  }
}
