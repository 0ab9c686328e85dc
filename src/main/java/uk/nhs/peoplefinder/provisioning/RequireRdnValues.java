package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/** The values named in an entry's RDN must be values of the entry (RFC 4512 §2.3). */
final class RequireRdnValues implements WriteRule {

  @Override
  public String id() {
    return "naming";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (after == null) {
      return;
    }
    RDN rdn = WritePipeline.parsed(after).getRDN();
    String[] names = rdn.getAttributeNames();
    byte[][] values = rdn.getByteArrayAttributeValues();
    for (int i = 0; i < names.length; i++) {
      if (after.hasAttributeValue(names[i], values[i])) {
        continue;
      }
      String pair = names[i] + "=" + rdn.getAttributeValues()[i];
      if (write.isModify()) {
        throw new RuleViolation(
            Reason.NOT_ALLOWED_ON_RDN,
            "naming: " + pair + " names the entry and cannot be removed; rename the entry (modify DN) instead");
      }
      throw new RuleViolation(
          Reason.NAMING_VIOLATION,
          "naming: the entry is named " + pair + " but has no such value; add " + pair + " to the entry");
    }
  }
}
