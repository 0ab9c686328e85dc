package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * The organisation container an account or mailbox lives in, as the derivation rules need it.
 * {@link #entry()} is for reading only (see {@link DirectoryView#read}).
 */
record ParentOrganisation(Entry entry, OdsCode odsCode, OrgType type, String name, String town) {

  /**
   * @throws RuleViolation (namingViolation) when the entry is not directly under an organisation
   */
  static ParentOrganisation of(Write write, DirectoryView view, String what) throws RuleViolation {
    DN dn = WritePipeline.parsed(write.after());
    String parentKey = view.parentKey(dn);
    Entry entry = parentKey == null ? null : view.read(parentKey);
    if (EntryKind.of(entry) != EntryKind.ORGANISATION) {
      DN parent = dn.getParent();
      throw new RuleViolation(
          Reason.NAMING_VIOLATION,
          "tree: " + what + " lives directly in its organisation's container (nhsOdsCode=…,ou=<sector>,"
              + Attr.ORGANISATIONS_DN + "), not under " + parent);
    }
    String code = entry.getAttributeValue(Attr.NHS_ODS_CODE);
    OrgType type = OrgType.of(entry.getAttributeValue(Attr.NHS_ORG_TYPE));
    String name = entry.getAttributeValue(Attr.OU);
    String town = entry.getAttributeValue(Attr.L);
    return new ParentOrganisation(entry, OdsCode.of(code), type == null ? OrgType.OTHER : type, name == null ? code : name, town);
  }

  String dn() {
    return entry.getDN();
  }
}
