package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-SHARED-NAME and R-LEGACY: pharmacy, care and dental organisations have one shared mailbox,
 * whose address and display name come from the organisation — {@code pharmacy.<ods>}, {@code
 * care.<town>.<provider><ods>}, {@code dental.<ods>} — and the legacy formats exist only for
 * pharmacies, where the server itself loads them (seed data).
 */
final class DeriveSharedMailboxAddress implements WriteRule {
  static final String ID = "R-SHARED-NAME";
  static final String LEGACY = "R-LEGACY";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (write.isModify() && (isMailbox(write.before()) || isMailbox(after))) {
      // Either side: a modify must not turn a person into a legacy mailbox or un-flag one.
      keepOrMigrate(write, view);
      return;
    }
    if (!isMailbox(after)) {
      return;
    }
    if (!write.isAdd()) {
      return;
    }
    ParentOrganisation org = ParentOrganisation.of(write, view, "a shared mailbox");
    if (org.type() != OrgType.PHARMACY && org.type() != OrgType.CARE && org.type() != OrgType.DENTAL) {
      throw new RuleViolation(
          Reason.UNWILLING,
          ID + ": only pharmacy, care and dental organisations have a national shared mailbox; "
              + org.odsCode() + " is a " + org.type().value() + " organisation");
    }
    if (org.town() == null || Addresses.compact(org.town()).isEmpty()) {
      // Every format's address or display name holds the town: without one they come out as care..x.
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": " + org.odsCode() + " has no postcode town (l); a shared mailbox's address and display name"
              + " are made from it: give the organisation an l first");
    }
    String format = after.getAttributeValue(Attr.NHS_MAILBOX_FORMAT);
    format = format == null ? EntryKind.FORMAT_CURRENT : format;
    if (!format.equals(EntryKind.FORMAT_CURRENT) && !mayImportLegacy(write)) {
      throw new RuleViolation(
          Reason.UNWILLING,
          LEGACY + ": the " + format + " format exists only where loaded from seed data or imported by a NAS"
              + " administrator with the relax control; new shared mailboxes use the current format ("
              + currentLocalPart(org) + "@nhs.net)");
    }
    if (!format.equals(EntryKind.FORMAT_CURRENT) && org.type() != OrgType.PHARMACY) {
      throw new RuleViolation(
          Reason.UNWILLING, LEGACY + ": the legacy formats exist only for pharmacies, not for " + org.odsCode());
    }
    requireNoOtherMailbox(write, view, org);
    String localPart;
    String displayName;
    switch (format) {
      case EntryKind.FORMAT_CURRENT -> {
        localPart = currentLocalPart(org);
        displayName = currentDisplayName(org, localPart);
      }
      case EntryKind.FORMAT_LEGACY_LONG -> {
        localPart = "nhspharmacy." + Addresses.compact(town(org)) + "." + Addresses.compact(org.name()) + org.odsCode().lower();
        displayName = sectorDisplayName(org);
      }
      case EntryKind.FORMAT_LEGACY_SINGLE_PASSWORD -> {
        localPart = Addresses.compact(org.name());
        displayName = org.name() + " (" + town(org) + ")";
      }
      default -> throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          LEGACY + ": nhsMailboxFormat '" + format + "' is not one of current, legacyLong, legacySinglePassword");
    }
    String holder = TakenAddresses.holder(view, localPart, null);
    if (holder != null) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION, ID + ": " + Addresses.mail(localPart) + " is already in use; addresses are never reused");
    }
    String mail = Addresses.mail(localPart);
    DerivedValues.nameEntry(write, ID, localPart, null);
    after.setAttribute(Attr.NHS_MAILBOX_FORMAT, format);
    DerivedValues.set(write, ID, Attr.UID, localPart);
    DerivedValues.set(write, ID, Attr.MAIL, mail);
    DerivedValues.set(write, ID, Attr.DISPLAY_NAME, displayName);
    DerivedValues.set(write, ID, Attr.CN, displayName);
    DerivedValues.set(write, ID, Attr.NHS_ODS_CODE, org.odsCode().value());
    DerivedValues.set(write, ID, Attr.PROXY_ADDRESSES, proxyAddresses(mail, after));
  }

  /**
   * On modify the derived values stay as they are, except for R-LEGACY's migration: setting a
   * legacy long-name mailbox's nhsMailboxFormat to current makes the current address primary and
   * keeps the old one as an nhsMailAlias (uid and DN stay).
   */
  private static void keepOrMigrate(Write write, DirectoryView view) throws RuleViolation {
    Entry before = write.before();
    Entry after = write.after();
    String mail = before.getAttributeValue(Attr.MAIL);
    String formatBefore = before.getAttributeValue(Attr.NHS_MAILBOX_FORMAT);
    String format = after.getAttributeValue(Attr.NHS_MAILBOX_FORMAT);
    String id = ID;
    String displayName = before.getAttributeValue(Attr.DISPLAY_NAME);
    if (format != null && formatBefore != null && format.equalsIgnoreCase(formatBefore)) {
      after.setAttribute(Attr.NHS_MAILBOX_FORMAT, formatBefore);
    } else if (format != null || formatBefore != null) {
      if (!EntryKind.FORMAT_LEGACY_LONG.equals(formatBefore) || !EntryKind.FORMAT_CURRENT.equalsIgnoreCase(format)) {
        throw new RuleViolation(
            Reason.UNWILLING,
            LEGACY + ": nhsMailboxFormat of " + mail + " changes only from legacyLong to current (migration), not"
                + " from " + (formatBefore == null ? "none" : formatBefore) + " to "
                + (format == null ? "none" : format) + "; it stays " + (formatBefore == null ? "unset" : formatBefore));
      }
      after.setAttribute(Attr.NHS_MAILBOX_FORMAT, EntryKind.FORMAT_CURRENT);
      id = LEGACY;
      ParentOrganisation org = ParentOrganisation.of(write, view, "a shared mailbox");
      String localPart = currentLocalPart(org);
      if (TakenAddresses.isTaken(view, localPart, write.dn().toNormalizedString())) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION, LEGACY + ": " + Addresses.mail(localPart) + " is already in use");
      }
      List<String> aliases = new ArrayList<>();
      String[] existing = after.getAttributeValues(Attr.NHS_MAIL_ALIAS);
      if (existing != null) {
        aliases.addAll(List.of(existing));
      }
      aliases.add(mail);
      after.setAttribute(Attr.NHS_MAIL_ALIAS, aliases);
      // DerivedValues.set below stores the new values, and refuses others the client supplied.
      mail = Addresses.mail(localPart);
      displayName = currentDisplayName(org, localPart);
    }
    DerivedValues.set(write, id, Attr.UID, before.getAttributeValue(Attr.UID));
    DerivedValues.set(write, id, Attr.MAIL, mail);
    DerivedValues.set(write, id, Attr.DISPLAY_NAME, displayName);
    DerivedValues.set(write, id, Attr.CN, displayName);
    DerivedValues.set(write, id, Attr.NHS_ODS_CODE, before.getAttributeValue(Attr.NHS_ODS_CODE));
    DerivedValues.set(write, id, Attr.PROXY_ADDRESSES, proxyAddresses(mail, after));
  }

  private static boolean isMailbox(Entry entry) {
    EntryKind kind = EntryKind.of(entry);
    return kind == EntryKind.SHARED_MAILBOX || kind == EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX;
  }

  /** R-LEGACY: the server's own seed loading, or a NAS administrator's add with the relax control. */
  static boolean mayImportLegacy(Write write) {
    Requester.Role role = write.requester().role();
    return role == Requester.Role.SYSTEM
        || (role == Requester.Role.NAS_ADMIN && write.change() instanceof Change.Add add && add.relax());
  }

  static String currentLocalPart(ParentOrganisation org) {
    if (org.type() == OrgType.CARE) {
      return "care." + Addresses.compact(town(org)) + "." + Addresses.compact(org.name()) + org.odsCode().lower();
    }
    String sector = org.type() == OrgType.PHARMACY ? "pharmacy" : org.type().value();
    return sector + "." + org.odsCode().lower();
  }

  private static String currentDisplayName(ParentOrganisation org, String localPart) {
    if (org.type() == OrgType.CARE) {
      return Addresses.mail(localPart) + " (" + org.name().toUpperCase(java.util.Locale.ROOT) + ")";
    }
    return sectorDisplayName(org);
  }

  /** Pharmacy.FA123 (Riverside Pharmacy, Leeds); Dental.V1A2B (…) for dental practices. */
  private static String sectorDisplayName(ParentOrganisation org) {
    String container = org.type().containerDn();
    String sector = container.substring(3, container.indexOf(','));
    return sector + "." + org.odsCode() + " (" + org.name() + ", " + town(org) + ")";
  }

  private static String town(ParentOrganisation org) {
    return org.town() == null ? "" : org.town();
  }

  /** SMTP:primary and one smtp:alias per nhsMailAlias, as Exchange spells them. */
  static List<String> proxyAddresses(String mail, Entry entry) {
    List<String> values = new ArrayList<>();
    values.add("SMTP:" + mail);
    String[] aliases = entry.getAttributeValues(Attr.NHS_MAIL_ALIAS);
    if (aliases != null) {
      for (String alias : aliases) {
        values.add("smtp:" + alias);
      }
    }
    return values;
  }

  private static void requireNoOtherMailbox(Write write, DirectoryView view, ParentOrganisation org)
      throws RuleViolation {
    for (String child : view.children(WritePipeline.parsed(org.entry()).toNormalizedString())) {
      EntryKind kind = EntryKind.of(view.get(child));
      if (kind == EntryKind.SHARED_MAILBOX || kind == EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX) {
        throw new RuleViolation(
            Reason.ALREADY_EXISTS,
            "R-REGISTER: " + org.odsCode() + " already has a shared mailbox (" + view.get(child).getDN()
                + "); an organisation has one");
      }
    }
  }
}
