package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-LIMIT: an organisation's {@code nhsAccountLimit} goes above 10 only with an ICB approval,
 * {@code nhsLimitApprovedBy} naming an ICB of the directory; and never below the links its shared
 * mailbox already has.
 */
final class ApproveAccountLimit implements WriteRule {
  static final String ID = "R-LIMIT";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (EntryKind.of(after) != EntryKind.ORGANISATION || !after.hasAttribute(Attr.NHS_ACCOUNT_LIMIT)) {
      return;
    }
    int limit;
    try {
      limit = Integer.parseInt(after.getAttributeValue(Attr.NHS_ACCOUNT_LIMIT).trim());
    } catch (NumberFormatException e) {
      return; // the schema check refuses a limit that is not an integer
    }
    String code = after.getAttributeValue(Attr.NHS_ODS_CODE);
    if (limit < 1) {
      throw refused("the account limit of " + code + " must be at least 1, not " + limit);
    }
    if (limit > MaintainMailboxLinks.DEFAULT_LIMIT) {
      String approver = after.getAttributeValue(Attr.NHS_LIMIT_APPROVED_BY);
      if (approver == null) {
        throw refused("a limit of " + limit + " for " + code + " is above " + MaintainMailboxLinks.DEFAULT_LIMIT
            + " and needs an ICB approval: set nhsLimitApprovedBy to the approving ICB's ODS code");
      }
      requireIcb(view, approver.trim().toUpperCase(java.util.Locale.ROOT));
    }
    int links = linksOfMailbox(write, view);
    if (links > limit) {
      throw refused(code + "'s shared mailbox already has " + links + " linked accounts; unlink some before"
          + " lowering the limit to " + limit);
    }
  }

  private static void requireIcb(DirectoryView view, String code) throws RuleViolation {
    List<String> keys = view.lookup(Attr.NHS_ODS_CODE, code);
    for (String key : keys == null ? List.<String>of() : keys) {
      Entry org = view.get(key);
      if (EntryKind.of(org) == EntryKind.ORGANISATION
          && OrgType.of(org.getAttributeValue(Attr.NHS_ORG_TYPE)) == OrgType.ICB
          && code.equalsIgnoreCase(org.getAttributeValue(Attr.NHS_ODS_CODE))) {
        return;
      }
    }
    throw refused("nhsLimitApprovedBy " + code + " is not an ICB of the directory; give the approving ICB's ODS code");
  }

  private static int linksOfMailbox(Write write, DirectoryView view) {
    if (write.isAdd()) {
      return 0;
    }
    for (String child : view.children(write.dn().toNormalizedString())) {
      Entry entry = view.get(child);
      if (EntryKind.of(entry) == EntryKind.SHARED_MAILBOX) {
        String[] members = entry.getAttributeValues(Attr.MEMBER);
        return members == null ? 0 : members.length;
      }
    }
    return 0;
  }

  private static RuleViolation refused(String message) {
    return new RuleViolation(Reason.CONSTRAINT_VIOLATION, ID + ": " + message);
  }
}
