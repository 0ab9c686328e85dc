package uk.nhs.peoplefinder.access;

import uk.nhs.peoplefinder.provisioning.DirectoryView;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;
import uk.nhs.peoplefinder.provisioning.Write;
import uk.nhs.peoplefinder.provisioning.WriteRule;

/**
 * SPEC §5 for bound requesters, on the resolved write: the first rule of the chain, because its
 * decisions need the target entry (who owns a mailbox, which organisation an entry is in, whether
 * an account is a leaver). Anonymous writes never get this far ({@link RequireWriteAccess}).
 */
public final class RequireRoleForWrite implements WriteRule {

  @Override
  public String id() {
    return "access";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    String refusal =
        new WriteAccess(view.schema())
            .refusal(write.requester(), write.change(), write.dn(), write.before(), write.after());
    if (refusal != null) {
      throw new RuleViolation(Reason.INSUFFICIENT_ACCESS, refusal);
    }
  }
}
