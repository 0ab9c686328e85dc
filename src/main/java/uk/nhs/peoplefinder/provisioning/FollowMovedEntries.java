package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * Modify DN keeps the directory whole: every {@code member}/{@code owner} link to a moved entry
 * follows it (referential integrity); an account keeps its {@code uid} and RDN (R-RENAME) and a
 * move to another organisation makes it that organisation's (a joiner, R-LEAVER: a leaver becomes
 * active again); a shared mailbox stays with its organisation, an organisation keeps its ODS code
 * and place, and the fixed containers of the public tree (SPEC §2) stay where they are.
 */
final class FollowMovedEntries implements WriteRule {
  /** The entries of the base tree that clients and the server itself find by DN. */
  private static final List<String> FIXED = fixedEntries();

  @Override
  public String id() {
    return "R-RENAME";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    if (!write.isRename()) {
      return;
    }
    Entry after = write.after();
    DN oldDn = write.dn();
    DN newDn = WritePipeline.parsed(after);
    EntryKind kind = EntryKind.of(write.before());
    String key = oldDn.toNormalizedString();
    if (FIXED.stream().anyMatch(fixed -> Links.key(view.schema(), fixed).equals(key))) {
      throw new RuleViolation(
          Reason.UNWILLING,
          "tree: " + oldDn + " is part of the directory's fixed tree (clients find entries by these DNs);"
              + " it cannot be renamed or moved");
    }
    if (kind == EntryKind.ORGANISATION && !newDn.equals(oldDn)) {
      // Its accounts' nhsOdsCode and its mailbox's address are derived from the code (R-SHARED-NAME).
      throw new RuleViolation(
          Reason.UNWILLING,
          "R-ODS: an organisation keeps its ODS code and sector container; " + oldDn + " cannot be renamed or moved."
              + " Add the organisation under its new code and move its accounts there (joiners)");
    }
    if (kind.isAccount() || kind == EntryKind.SHARED_MAILBOX) {
      if (!newDn.getRDN().equals(oldDn.getRDN())) {
        throw new RuleViolation(
            Reason.UNWILLING,
            "R-RENAME: the uid and RDN of " + oldDn + " never change; change givenName or sn to rename a person"
                + " (the new address is derived), or move the entry with newSuperior");
      }
      if (kind == EntryKind.SHARED_MAILBOX && !newDn.getParent().equals(oldDn.getParent())) {
        throw new RuleViolation(
            Reason.UNWILLING, "R-SHARED-NAME: a shared mailbox stays with its organisation; it cannot be moved");
      }
    }
    if (kind.isAccount() && !newDn.getParent().equals(oldDn.getParent())) {
      joinNewOrganisation(write, view, kind);
    }
    relink(write, view, oldDn, newDn);
  }

  private static void joinNewOrganisation(Write write, DirectoryView view, EntryKind kind) throws RuleViolation {
    Entry after = write.after();
    ParentOrganisation org = ParentOrganisation.of(write, view, "an account");
    after.setAttribute(Attr.NHS_ODS_CODE, org.odsCode().value());
    String displayName =
        kind == EntryKind.PERSON
            ? DerivePersonAddress.displayName(
                after.getAttributeValues(Attr.GIVEN_NAME)[0], after.getAttributeValue(Attr.SN), org)
            : DeriveApplicationAddress.displayName(after.getAttributeValue(Attr.SN), org);
    if (kind != EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX) {
      after.setAttribute(Attr.DISPLAY_NAME, displayName);
      after.setAttribute(Attr.CN, displayName);
    }
    if ("leaver".equalsIgnoreCase(after.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))) {
      after.setAttribute(Attr.NHS_ACCOUNT_STATUS, "active");
      after.removeAttribute(Attr.NHS_LEAVER_SINCE);
    }
  }

  private static List<String> fixedEntries() {
    List<String> fixed = new ArrayList<>(
        List.of(Attr.ORGANISATIONS_DN, Attr.ADMINS_DN, Attr.NAS_ADMIN_DN, Attr.HELPDESK_DN));
    for (OrgType type : OrgType.values()) {
      fixed.add(type.containerDn());
    }
    return List.copyOf(fixed);
  }

  /** Rewrites the links to every entry of the moved subtree. */
  private static void relink(Write write, DirectoryView view, DN oldBase, DN newBase) {
    List<String> pending = new ArrayList<>(List.of(oldBase.toNormalizedString()));
    while (!pending.isEmpty()) {
      String oldKey = pending.remove(pending.size() - 1);
      pending.addAll(view.children(oldKey));
      String newDn = rebased(oldKey, oldBase, newBase, view);
      for (String mailboxKey : Links.mailboxesLinking(view, oldKey)) {
        Entry mailbox = Links.current(write, view, mailboxKey);
        if (Links.replace(view.schema(), mailbox, oldKey, newDn)) {
          write.alsoPut(mailboxKey, mailbox);
        }
      }
    }
  }

  private static String rebased(String oldKey, DN oldBase, DN newBase, DirectoryView view) {
    Entry entry = view.get(oldKey);
    DN dn = WritePipeline.parsed(entry);
    List<RDN> rdns = new ArrayList<>();
    for (DN d = dn; !d.equals(oldBase); d = d.getParent()) {
      rdns.add(d.getRDN());
    }
    List<RDN> all = new ArrayList<>(rdns);
    all.addAll(List.of(newBase.getRDNs()));
    return new DN(all).toString();
  }
}
