package uk.nhs.peoplefinder.access;

import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.DirectoryView;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;
import uk.nhs.peoplefinder.provisioning.Write;
import uk.nhs.peoplefinder.provisioning.WriteRule;

/**
 * Who may write at all (SPEC §5), decided before the directory is consulted so that a refusal
 * reveals nothing about which entries exist: anonymous clients never write. What a bound requester
 * may change depends on the entry and is decided by {@link RequireRoleForWrite}, the first rule.
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
    // bound requesters: decided on the resolved write by RequireRoleForWrite
  }
}
