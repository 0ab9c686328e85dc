package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-OPEN-ORG: accounts and shared mailboxes are created in, or moved into (joiners), only an
 * organisation whose status is active. Seed data describes the directory as it is, so the
 * server's own loading may place accounts in closed organisations (they appear in the compliance
 * report).
 */
final class RequireOpenOrganisation implements WriteRule {
  static final String ID = "R-OPEN-ORG";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    EntryKind kind = EntryKind.of(after);
    if (!(kind.isAccount() || kind == EntryKind.SHARED_MAILBOX)
        || write.requester().role() == Requester.Role.SYSTEM) {
      return;
    }
    DN parent = WritePipeline.parsed(after).getParent();
    boolean arriving =
        write.isAdd() || (write.isRename() && !parent.equals(write.dn().getParent()));
    if (!arriving) {
      return;
    }
    Entry org = view.get(parent.toNormalizedString());
    if (EntryKind.of(org) != EntryKind.ORGANISATION) {
      return; // ParentOrganisation and the derivation rules name the right place
    }
    String status = org.getAttributeValue(Attr.NHS_ORG_STATUS);
    if (status != null && !status.equalsIgnoreCase("active")) {
      throw new RuleViolation(
          Reason.UNWILLING,
          ID + ": " + org.getAttributeValue(Attr.NHS_ODS_CODE) + " is " + status + "; accounts and shared"
              + " mailboxes are created only in an active organisation");
    }
  }
}
