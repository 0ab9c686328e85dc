package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.nhs.peoplefinder.directory.Attr;

/** Which attributes to return, and under which names (RFC 4511 §4.5.1.8, RFC 3673). */
final class Projection {
  /** Attributes computed on read rather than stored. */
  static final List<String> VIRTUAL =
      List.of(
          Attr.ENTRY_DN,
          Attr.HAS_SUBORDINATES,
          Attr.NUM_SUBORDINATES,
          Attr.SUBSCHEMA_SUBENTRY,
          Attr.MEMBER_OF,
          Attr.NHS_COMPLIANCE_ISSUE);

  private final Schema schema;
  private final boolean allUser;
  private final boolean allOperational;
  private final boolean typesOnly;
  // canonical lower-case name → the spelling the client asked for
  private final Map<String, String> named = new HashMap<>();
  // stored attribute name → the name to return it under, decided once per search
  private final Map<String, String> decisions = new HashMap<>();
  private static final String SKIP = new String("skip");

  Projection(Schema schema, List<String> requested, boolean typesOnly) {
    this.schema = schema;
    this.typesOnly = typesOnly;
    boolean user = requested.isEmpty();
    boolean operational = false;
    for (String name : requested) {
      if (name.equals("*")) {
        user = true;
      } else if (name.equals("+")) {
        operational = true;
      } else if (!name.equals("1.1")) {
        String base = Attribute.getBaseName(name);
        AttributeTypeDefinition type = schema.getAttributeType(base);
        String canonical = type == null ? base : type.getNameOrOID();
        named.put(canonical.toLowerCase(Locale.ROOT), type == null ? canonical : base);
      }
    }
    this.allUser = user;
    this.allOperational = operational;
  }

  boolean wantsVirtual() {
    return allOperational || VIRTUAL.stream().anyMatch(v -> named.containsKey(v.toLowerCase(Locale.ROOT)));
  }

  /** Whether this operational attribute is to be returned (by name or with "+"). */
  boolean wants(String operationalAttribute) {
    return allOperational || named.containsKey(operationalAttribute.toLowerCase(Locale.ROOT));
  }

  Entry apply(Entry entry) {
    List<Attribute> out = new ArrayList<>();
    for (Attribute attribute : entry.getAttributes()) {
      String name = attribute.getName();
      String output = decisions.computeIfAbsent(name, n -> decide(attribute));
      if (output == SKIP) {
        continue;
      }
      if (typesOnly) {
        out.add(new Attribute(output));
      } else {
        out.add(output.equals(name) ? attribute : new Attribute(output, attribute.getRawValues()));
      }
    }
    return new Entry(entry.getDN(), out);
  }

  /** The name to return the attribute under, or {@link #SKIP}. */
  private String decide(Attribute attribute) {
    String canonical = attribute.getBaseName().toLowerCase(Locale.ROOT);
    AttributeTypeDefinition type = schema.getAttributeType(attribute.getBaseName());
    boolean operational = type != null && type.isOperational();
    String spelling = named.get(canonical);
    if (spelling == null && !(operational ? allOperational : allUser)) {
      return SKIP;
    }
    return spelling == null ? attribute.getName() : spelling;
  }

  /** The root DSE and the schema entry show all their attributes for "*" as well as for "+". */
  Entry applyToSpecialEntry(Entry entry) {
    Entry out = new Entry(entry.getDN());
    for (Attribute attribute : entry.getAttributes()) {
      if (allUser || allOperational || named.containsKey(attribute.getBaseName().toLowerCase(Locale.ROOT))) {
        out.addAttribute(typesOnly ? new Attribute(attribute.getName()) : attribute);
      }
    }
    return out;
  }
}
