package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-ODS: an organisation's ODS code is upper-case, of its kind's shape, unique, and names the
 * organisation inside its sector container (SPEC §2); status and DSPT values are from their lists.
 */
final class NormaliseOrganisation implements WriteRule {
  static final String ID = "R-ODS";
  private static final Map<String, String> STATUS_LETTERS =
      Map.of("a", "active", "c", "closed", "d", "dormant", "p", "proposed");
  private static final List<String> STATUSES = List.of("active", "closed", "dormant", "proposed");
  private static final List<String> DSPT = List.of("standardsMet", "approachingStandards", "notMet");

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (EntryKind.of(after) != EntryKind.ORGANISATION) {
      return;
    }
    OrgType type = OrgType.of(after.getAttributeValue(Attr.NHS_ORG_TYPE));
    if (type == null) {
      throw refused("nhsOrgType '" + after.getAttributeValue(Attr.NHS_ORG_TYPE) + "' is not one of " + OrgType.accepted());
    }
    after.setAttribute(Attr.NHS_ORG_TYPE, type.value());
    OdsCode code = odsCode(after.getAttributeValue(Attr.NHS_ODS_CODE));
    if (!code.fits(type)) {
      throw refused(code + " is not the ODS code of a " + type.value() + " organisation; expected " + type.shapeDescription());
    }
    after.setAttribute(Attr.NHS_ODS_CODE, code.value());
    normaliseStatus(after);
    String dspt = after.getAttributeValue(Attr.NHS_DSPT_STATUS);
    if (dspt != null) {
      after.setAttribute(Attr.NHS_DSPT_STATUS, fromList(dspt, DSPT, "nhsDsptStatus"));
    }
    requirePlace(write, view, code, type);
    requireUnique(write, view, code);
  }

  private static OdsCode odsCode(String value) throws RuleViolation {
    try {
      return OdsCode.of(value);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(Reason.CONSTRAINT_VIOLATION, e.getMessage());
    }
  }

  private static void normaliseStatus(Entry after) throws RuleViolation {
    String status = after.getAttributeValue(Attr.NHS_ORG_STATUS);
    if (status == null) {
      return;
    }
    String word = STATUS_LETTERS.getOrDefault(status.trim().toLowerCase(Locale.ROOT), status);
    after.setAttribute(Attr.NHS_ORG_STATUS, fromList(word, STATUSES, "nhsOrgStatus"));
  }

  private static String fromList(String value, List<String> accepted, String attribute) throws RuleViolation {
    for (String a : accepted) {
      if (a.equalsIgnoreCase(value.trim())) {
        return a;
      }
    }
    throw refused(attribute + " '" + value + "' is not one of " + String.join(", ", accepted)
        + (attribute.equals("nhsOrgStatus") ? " (or the ODS letters A, C, D, P)" : ""));
  }

  /** Named nhsOdsCode=<CODE> directly in its sector container. */
  private static void requirePlace(Write write, DirectoryView view, OdsCode code, OrgType type)
      throws RuleViolation {
    DN dn = WritePipeline.parsed(write.after());
    String expected = "nhsOdsCode=" + code + "," + type.containerDn();
    RDN rdn = dn.getRDN();
    boolean namedByCode =
        rdn.getAttributeNames().length == 1
            && rdn.hasAttribute(Attr.NHS_ODS_CODE)
            && rdn.getAttributeValues()[0].equalsIgnoreCase(code.value());
    if (!namedByCode || !dn.getParent().equals(containerDn(view, type))) {
      throw new RuleViolation(
          Reason.NAMING_VIOLATION,
          ID + ": a " + type.value() + " organisation is named by its ODS code in its sector container: "
              + (write.isAdd() ? "add it as " : "its DN must be ") + expected);
    }
    if (write.isAdd()) {
      write.renameAfter(expected); // the stored DN spells the code upper-case
    }
  }

  private static DN containerDn(DirectoryView view, OrgType type) {
    try {
      return new DN(type.containerDn(), view.schema());
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void requireUnique(Write write, DirectoryView view, OdsCode code) throws RuleViolation {
    String self = write.dn().toNormalizedString();
    List<String> holders = view.lookup(Attr.NHS_ODS_CODE, code.value());
    for (String key : holders == null ? List.<String>of() : holders) {
      if (key.equals(self)) {
        continue;
      }
      Entry other = view.get(key);
      if (EntryKind.of(other) == EntryKind.ORGANISATION
          && code.value().equalsIgnoreCase(other.getAttributeValue(Attr.NHS_ODS_CODE))) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION, ID + ": " + code + " is already the ODS code of " + other.getDN()
                + "; ODS codes are unique");
      }
    }
  }

  private static RuleViolation refused(String message) {
    return new RuleViolation(Reason.CONSTRAINT_VIOLATION, ID + ": " + message);
  }
}
