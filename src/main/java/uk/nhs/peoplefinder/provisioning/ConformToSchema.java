package uk.nhs.peoplefinder.provisioning;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.DistinguishedNameMatchingRule;
import com.unboundid.ldap.matchingrules.GeneralizedTimeMatchingRule;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * Every stored entry conforms to the schema. The SDK's {@link EntryValidator} does the checking;
 * it is run one family of checks at a time so that each failure gets its own result code.
 *
 * <p>NOTE: most of the validator's work depends only on an entry's shape: its object classes, its
 * attribute names with their numbers of values, and the attribute names of its RDN. A shape that
 * passed once is remembered, and an entry of a remembered shape has only what can still differ
 * checked: that its DN parses and that every value fits its attribute's syntax (the validator's
 * own test: the equality rule normalises it). Anything else, or any doubt, takes the full check.
 */
final class ConformToSchema implements WriteRule {
  private record Family(Reason reason, EntryValidator validator) {}

  /** Extensions with which the validator checks values beyond their syntax. */
  private static final List<String> VALUE_EXTENSIONS =
      List.of(
          "X-ALLOWED-VALUE",
          "X-VALUE-REGEX",
          "X-MIN-VALUE-LENGTH",
          "X-MAX-VALUE-LENGTH",
          "X-MIN-INT-VALUE",
          "X-MAX-INT-VALUE");

  /** More shapes than this and the memory is started afresh (a client could invent endless shapes). */
  private static final int MAX_SHAPES = 4_096;

  private final Schema schema;
  private final EntryValidator all;
  private final List<Family> families;
  // shape → the equality rule of each attribute, in the entry's attribute order
  private final Map<String, MatchingRule[]> validShapes = new ConcurrentHashMap<>();
  // Timestamps and DNs that normalised before: parsing them is the dearest syntax check, and the
  // same few (the stamp of this millisecond, the server's own DN) come with thousands of writes.
  private final Map<String, Boolean> parsedValues = new ConcurrentHashMap<>();

  ConformToSchema(Schema schema) {
    this.schema = schema;
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
    String shape = shape(after);
    if (shape != null && valuesFitSyntax(after, validShapes.get(shape))) {
      return;
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
    if (shape != null) {
      remember(shape, after);
    }
  }

  /**
   * Everything the validator's checks depend on apart from the DN's and the values' syntax; null
   * when the DN does not parse (the full check reports it).
   */
  private static String shape(Entry entry) {
    String[] rdnNames;
    try {
      rdnNames = entry.getParsedDN().getRDN() == null ? new String[0] : entry.getParsedDN().getRDN().getAttributeNames();
    } catch (LDAPException e) {
      return null;
    }
    StringBuilder key = new StringBuilder(512);
    String[] objectClasses = entry.getObjectClassValues();
    for (String objectClass : objectClasses == null ? new String[0] : objectClasses) {
      key.append(objectClass).append('\n');
    }
    key.append('\t');
    for (String name : rdnNames) {
      key.append(name).append('\n');
    }
    key.append('\t');
    for (Attribute attribute : entry.getAttributes()) {
      key.append(attribute.getName()).append('\n').append(attribute.size()).append('\n');
    }
    return key.toString();
  }

  /** Whether every value normalises under its attribute's equality rule (null rules: not a known shape). */
  private boolean valuesFitSyntax(Entry entry, MatchingRule[] rules) {
    if (rules == null) {
      return false;
    }
    int i = 0;
    for (Attribute attribute : entry.getAttributes()) {
      MatchingRule rule = rules[i++];
      boolean parsed = rule instanceof GeneralizedTimeMatchingRule || rule instanceof DistinguishedNameMatchingRule;
      for (ASN1OctetString value : attribute.getRawValues()) {
        String memo = parsed ? rule.getEqualityMatchingRuleOID() + ' ' + value.stringValue() : null;
        if (memo != null && parsedValues.containsKey(memo)) {
          continue;
        }
        try {
          rule.normalize(value);
        } catch (LDAPException e) {
          return false; // the full check names the value
        }
        if (memo != null) {
          if (parsedValues.size() >= MAX_SHAPES) {
            parsedValues.clear();
          }
          parsedValues.put(memo, Boolean.TRUE);
        }
      }
    }
    return true;
  }

  /** Remembers a shape that passed the full check, unless a value check beyond syntax applies to it. */
  private void remember(String shape, Entry entry) {
    List<MatchingRule> rules = new ArrayList<>();
    for (Attribute attribute : entry.getAttributes()) {
      AttributeTypeDefinition type = schema.getAttributeType(attribute.getBaseName());
      if (type == null) {
        return;
      }
      for (String extension : VALUE_EXTENSIONS) {
        if (type.getExtensions().containsKey(extension)) {
          return;
        }
      }
      rules.add(MatchingRule.selectEqualityMatchingRule(type.getNameOrOID(), schema));
    }
    if (validShapes.size() >= MAX_SHAPES) {
      validShapes.clear();
    }
    validShapes.put(shape, rules.toArray(MatchingRule[]::new));
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
