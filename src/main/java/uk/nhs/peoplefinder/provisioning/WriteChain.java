package uk.nhs.peoplefinder.provisioning;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.peoplefinder.store.DirectoryStore;

/** Where the write rules are listed, in the order they run: the one place to add a rule. */
public final class WriteChain {
  private WriteChain() {}

  /**
   * @param accessGates the access checks (package {@code access}), which run first, before the
   *     directory is consulted: may this requester do this at all
   */
  public static WritePipeline assemble(DirectoryStore store, Clock clock, List<WriteRule> accessGates) {
    return assemble(store, clock, accessGates, List.of());
  }

  /**
   * @param accessGates the access checks that run before the directory is consulted
   * @param accessRules the access checks that need the target entry (SPEC §5: self-service, owners,
   *     local administrators); they run first of all the rules, on the write as requested
   */
  public static WritePipeline assemble(
      DirectoryStore store, Clock clock, List<WriteRule> accessGates, List<WriteRule> accessRules) {
    List<WriteRule> rules = new ArrayList<>(accessRules);
    // normalise
    rules.add(new RefuseServerMaintainedAttributes());
    rules.add(new CompleteObjectClasses());
    rules.add(new NormaliseOrganisation());
    rules.add(new RequireUniqueMobile());
    // derive
    rules.add(new DeriveSharedMailboxAddress());
    rules.add(new DerivePersonAddress());
    rules.add(new DeriveApplicationAddress());
    rules.add(new FollowMovedEntries());
    rules.add(new UnlinkLeaversAndDeleted(clock));
    rules.add(new ApplyPasswordPolicy(clock));
    rules.add(new HashUserPassword());
    // validate
    rules.add(new RequireOpenOrganisation());
    rules.add(new RegisterOrganisation());
    rules.add(new KeepOldAddresses());
    rules.add(new MaintainMailboxLinks());
    rules.add(new ApproveAccountLimit());
    rules.add(new LimitDisplayName());
    rules.add(new RequireRdnValues());
    rules.add(new RequireLeafForDelete());
    rules.add(new ConformToSchema(store.schema()));
    // stamp, last, so that only writes that passed every rule are stamped
    rules.add(new StampOperationalAttributes(clock));
    return new WritePipeline(store, accessGates, rules);
  }
}
