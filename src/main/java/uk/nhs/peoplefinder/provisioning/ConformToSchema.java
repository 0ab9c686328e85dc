package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * Every stored entry conforms to the schema. The SDK's {@link EntryValidator} does the checking;
 * it is run one family of checks at a time so that each failure gets its own result code.
 */
final class ConformToSchema implements WriteRule {
  private record Family(Reason reason, EntryValidator validator) {}

  private final EntryValidator all;
  private final List<Family> families;

  ConformToSchema(Schema schema) {
    all = new EntryValidator(schema);
    all.setCheckEntryMissingRDNValues(false);
    all.setCheckNameForms(false);
    families =
        List.of(
            family(schema, Reason.OBJECT_CLASS_VIOLATION, v -> v.setCheckUndefinedObjectClasses(true)),
            family(schema, Reason.UNDEFINED_ATTRIBUTE, v -> v.setCheckUndefinedAttributes(true)),
            family(
                schema,
                Reason.OBJECT_CLASS_VIOLATION,
                v -> {
                  v.setCheckStructuralObjectClasses(true);
                  v.setCheckProhibitedObjectClasses(true);
                  v.setCheckMissingSuperiorObjectClasses(true);
                  v.setCheckMissingAttributes(true);
                  v.setCheckProhibitedAttributes(true);
                }),
            family(schema, Reason.CONSTRAINT_VIOLATION, v -> v.setCheckSingleValuedAttributes(true)),
            family(
                schema,
                Reason.INVALID_SYNTAX,
                v -> {
                  v.setCheckAttributeSyntax(true);
                  v.setCheckMalformedDNs(true);
                }));
  }

  private static Family family(Schema schema, Reason reason, Consumer<EntryValidator> enable) {
    EntryValidator validator = new EntryValidator(schema);
    validator.setCheckAttributeSyntax(false);
    validator.setCheckEntryMissingRDNValues(false);
    validator.setCheckMalformedDNs(false);
    validator.setCheckMissingAttributes(false);
    validator.setCheckMissingSuperiorObjectClasses(false);
    validator.setCheckNameForms(false);
    validator.setCheckProhibitedAttributes(false);
    validator.setCheckProhibitedObjectClasses(false);
    validator.setCheckSingleValuedAttributes(false);
    validator.setCheckStructuralObjectClasses(false);
    validator.setCheckUndefinedAttributes(false);
    validator.setCheckUndefinedObjectClasses(false);
    enable.accept(validator);
    return new Family(reason, validator);
  }

  @Override
  public String id() {
    return "schema";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (after == null) {
      return;
    }
    // A changed structural class is reported first, as OpenLDAP does: the attributes that the new
    // class would refuse follow from the change, and fixing them would not make it acceptable.
    if (write.isModify()) {
      Set<String> before = structuralClasses(write.before(), view.schema());
      Set<String> now = structuralClasses(after, view.schema());
      if (!before.equals(now)) {
        throw new RuleViolation(
            Reason.OBJECT_CLASS_MODS_PROHIBITED,
            "schema: the structural object class of " + write.dn() + " cannot change (" + before + " → " + now
                + "); delete and re-add the entry instead");
      }
    }
    // NOTE: one pass with every check for the common, valid case; the families run only to
    // find which result code a failure deserves.
    if (!all.entryIsValid(after, null)) {
      for (Family family : families) {
        List<String> reasons = new ArrayList<>();
        if (!family.validator().entryIsValid(after, reasons)) {
          throw new RuleViolation(family.reason(), "schema: " + String.join("; ", reasons));
        }
      }
    }
  }

  private static Set<String> structuralClasses(Entry entry, Schema schema) {
    Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    String[] values = entry.getObjectClassValues();
    if (values == null) {
      return names;
    }
    for (String name : values) {
      ObjectClassDefinition objectClass = schema.getObjectClass(name);
      if (objectClass != null && objectClass.getObjectClassType(schema) == ObjectClassType.STRUCTURAL) {
        names.add(objectClass.getNameOrOID());
      }
    }
    return names;
  }
}
