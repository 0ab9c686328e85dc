package uk.nhs.peoplefinder.provisioning;

/**
 * One provisioning rule in the {@link WritePipeline}: it lets a write through, enriches it (derived
 * values), or refuses it with a {@link RuleViolation}.
 */
public interface WriteRule {

  /** The rule id of SPEC.md this rule enforces (e.g. {@code R-LIMIT}), or a short name for LDAP basics. */
  String id();

  void check(Write write, DirectoryView view) throws RuleViolation;
}
