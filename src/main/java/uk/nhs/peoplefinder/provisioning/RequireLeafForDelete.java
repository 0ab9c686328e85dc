package uk.nhs.peoplefinder.provisioning;

import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/** Only an entry without children can be deleted. */
final class RequireLeafForDelete implements WriteRule {

  @Override
  public String id() {
    return "tree";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    if (!write.isDelete()) {
      return;
    }
    int children = view.childCount(write.dn().toNormalizedString());
    if (children > 0) {
      throw new RuleViolation(
          Reason.NOT_ALLOWED_ON_NON_LEAF,
          "tree: " + write.dn() + " has " + children + " child entr" + (children == 1 ? "y" : "ies")
              + "; delete or move them first");
    }
  }
}
