package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds the superior classes an entry's object classes imply (inetOrgPerson brings
 * organizationalPerson, person and top), as OpenLDAP does, rather than refusing the write.
 */
final class CompleteObjectClasses implements WriteRule {
  private static final int MAX_REMEMBERED = 1_024;

  // The classes to add depend only on the object class values (and the schema, which never
  // changes), and nearly every write has one of a handful of lists: each is worked out once.
  private final Map<List<String>, List<String>> additions = new ConcurrentHashMap<>();

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
    List<String> values = List.of(after.getObjectClassValues());
    List<String> missing = additions.get(values);
    if (missing == null) {
      missing = missingSuperiors(values, write.schema());
      if (additions.size() >= MAX_REMEMBERED) {
        additions.clear();
      }
      additions.put(values, missing);
    }
    for (String superior : missing) {
      after.addAttribute("objectClass", superior);
    }
  }

  /** The superior classes to add, in order, to an entry (built with the schema) with these values. */
  private static List<String> missingSuperiors(List<String> values, Schema schema) {
    Entry scratch = new Entry("", schema);
    scratch.addAttribute("objectClass", values);
    List<String> added = new ArrayList<>();
    for (String name : values) {
      ObjectClassDefinition objectClass = schema.getObjectClass(name);
      if (objectClass == null) {
        continue;
      }
      for (ObjectClassDefinition superior : objectClass.getSuperiorClasses(schema, true)) {
        if (!scratch.hasObjectClass(superior.getNameOrOID())) {
          scratch.addAttribute("objectClass", superior.getNameOrOID());
          added.add(superior.getNameOrOID());
        }
      }
    }
    return List.copyOf(added);
  }
}
