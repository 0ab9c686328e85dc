package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * Adds the superior classes an entry's object classes imply (inetOrgPerson brings
 * organizationalPerson, person and top), as OpenLDAP does, rather than refusing the write.
 */
final class CompleteObjectClasses implements WriteRule {

  @Override
  public String id() {
    return "schema";
  }

  @Override
  public void check(Write write, DirectoryView view) {
    Entry after = write.after();
    if (after == null || !after.hasAttribute("objectClass")) {
      return;
    }
    Schema schema = view.schema();
    for (String name : after.getObjectClassValues()) {
      ObjectClassDefinition objectClass = schema.getObjectClass(name);
      if (objectClass == null) {
        continue;
      }
      for (ObjectClassDefinition superior : objectClass.getSuperiorClasses(schema, true)) {
        if (!after.hasObjectClass(superior.getNameOrOID())) {
          after.addAttribute("objectClass", superior.getNameOrOID());
        }
      }
    }
  }
}
