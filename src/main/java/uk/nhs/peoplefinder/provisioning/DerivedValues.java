package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * Sets derived attributes on a write. A client may leave them out; if it supplies one, it must
 * equal what the rules give (case aside), or the write is refused (19) naming the expected value.
 */
final class DerivedValues {
  private DerivedValues() {}

  static void set(Write write, String ruleId, String attribute, String expected) throws RuleViolation {
    set(write, ruleId, attribute, List.of(expected));
  }

  static void set(Write write, String ruleId, String attribute, List<String> expected) throws RuleViolation {
    List<String> supplied = supplied(write, attribute);
    if (supplied != null && !lowerSet(supplied).equals(lowerSet(expected))) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ruleId + ": " + attribute + " is derived by the server; leave it out or give "
              + (expected.size() == 1 ? "'" + expected.get(0) + "'" : expected.toString())
              + ", not " + (supplied.size() == 1 ? "'" + supplied.get(0) + "'" : supplied.toString()));
    }
    if (expected.isEmpty()) {
      write.after().removeAttribute(attribute);
    } else {
      EqualityRules.set(write, attribute, expected);
    }
  }

  /**
   * Names an added entry {@code uid=<localPart>} under its parent: sets the DN when the server
   * chooses the name, else refuses (64) an RDN that differs, naming the DN that would be accepted.
   *
   * @param why what the client should know, e.g. "john.smith is taken"
   */
  static void nameEntry(Write write, String ruleId, String localPart, String why) throws RuleViolation {
    com.unboundid.ldap.sdk.DN parent = WritePipeline.parsed(write.after()).getParent();
    String expected = new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("uid", localPart), parent).toString();
    if (write.change() instanceof Change.Add add && add.serverChoosesName()) {
      write.renameAfter(expected);
      return;
    }
    String rdnValue = write.dn().getRDN().getAttributeValues()[0];
    boolean isUid = write.dn().getRDN().hasAttribute("uid") && write.dn().getRDN().getAttributeNames().length == 1;
    if (!isUid || !rdnValue.equalsIgnoreCase(localPart)) {
      throw new RuleViolation(
          Reason.NAMING_VIOLATION,
          ruleId + ": " + (why == null ? "" : why + "; ") + "add the entry as " + expected
              + " (or let the server choose the name: see README)");
    }
    write.renameAfter(expected); // UID=John.Smith is stored as uid=john.smith, as its uid is
  }

  /** The values the client gave for the attribute in this change, or null if it gave none. */
  static List<String> supplied(Write write, String attribute) {
    Change change = write.change();
    if (change instanceof Change.Add add) {
      Attribute a = add.entry().getAttribute(attribute);
      return a == null ? null : List.of(a.getValues());
    }
    if (change instanceof Change.Modify) {
      Entry after = write.after();
      for (Modification m : ((Change.Modify) change).modifications()) {
        if (m.getAttributeName().equalsIgnoreCase(attribute)) {
          String[] values = after.getAttributeValues(attribute);
          return values == null ? List.of() : List.of(values);
        }
      }
    }
    return null;
  }

  private static Set<String> lowerSet(List<String> values) {
    Set<String> set = new TreeSet<>();
    for (String v : values) {
      set.add(v.trim().toLowerCase(Locale.ROOT));
    }
    return set;
  }
}
