package uk.nhs.peoplefinder.access;

import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.DirectoryView;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;
import uk.nhs.peoplefinder.provisioning.Write;
import uk.nhs.peoplefinder.provisioning.WriteRule;

/**
 * Who may write at all (SPEC §5). For now only NAS administrators, the helpdesk and the server
 * itself write; owners, local administrators and self-service come with the security issue.
 */
public final class RequireWriteAccess implements WriteRule {

  @Override
  public String id() {
    return "access";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Requester requester = write.requester();
    if (requester.isAdministrator()) {
      return;
    }
    if (requester.isAnonymous()) {
      throw new RuleViolation(
          Reason.INSUFFICIENT_ACCESS,
          "access: anonymous clients cannot write; bind as the NAS administrator or the helpdesk");
    }
    throw new RuleViolation(
        Reason.INSUFFICIENT_ACCESS,
        "access: changing " + write.dn() + " needs the NAS administrator or helpdesk role (SPEC §5)");
  }
}
