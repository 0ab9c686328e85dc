package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/** Clients may not write attributes the server maintains (NO-USER-MODIFICATION in the schema). */
final class RefuseServerMaintainedAttributes implements WriteRule {

  @Override
  public String id() {
    return "schema";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Schema schema = view.schema();
    if (write.change() instanceof Change.Add add) {
      for (Attribute attribute : add.entry().getAttributes()) {
        refuseIfMaintained(schema, attribute.getBaseName());
      }
    } else if (write.change() instanceof Change.Modify modify) {
      for (Modification modification : modify.modifications()) {
        refuseIfMaintained(schema, Attribute.getBaseName(modification.getAttributeName()));
      }
    }
  }

  private static void refuseIfMaintained(Schema schema, String name) throws RuleViolation {
    AttributeTypeDefinition type = schema.getAttributeType(name);
    if (type != null && type.isNoUserModification()) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          "schema: " + type.getNameOrOID() + " is maintained by the server and cannot be written; leave it out");
    }
  }
}
