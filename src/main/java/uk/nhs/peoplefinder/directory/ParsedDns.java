package uk.nhs.peoplefinder.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed DNs remembered by their string form. A DN keeps its normalised form once computed, so a DN
 * that comes back (an organisation's, once for each of its people; a write's own, at each step of
 * the write and again in the store) is parsed and normalised once while it is remembered.
 * Thread-safe and bounded; one memory per schema ({@link #of}), shared by the store and the write
 * pipeline. DN objects are immutable, so sharing them is safe.
 */
public final class ParsedDns {
  /** More DNs than this and the memory is started afresh: a bulk load meets each person's DN only a few times. */
  private static final int CAPACITY = 8_192;

  // One per schema instance; the server loads its schema once (NhsSchema), so this stays tiny.
  private static final List<ParsedDns> SHARED = new ArrayList<>();

  private final Schema schema;
  private final ConcurrentHashMap<String, DN> dns = new ConcurrentHashMap<>();

  private ParsedDns(Schema schema) {
    this.schema = schema;
  }

  /** The memory for DNs parsed with this schema. */
  public static synchronized ParsedDns of(Schema schema) {
    for (ParsedDns shared : SHARED) {
      if (shared.schema == schema) {
        return shared;
      }
    }
    ParsedDns created = new ParsedDns(schema);
    SHARED.add(created);
    return created;
  }

  public Schema schema() {
    return schema;
  }

  /** The DN parsed with the schema, as {@code new DN(dn, schema)} gives it. */
  public DN parse(String dn) throws LDAPException {
    DN parsed = dns.get(dn);
    if (parsed != null) {
      return parsed;
    }
    parsed = new DN(dn, schema);
    if (dns.size() >= CAPACITY) {
      dns.clear();
    }
    dns.put(dn, parsed);
    return parsed;
  }

  /**
   * The normalised form of the parent of a DN parsed with this schema (its store key), or null for
   * a DN without a parent.
   */
  public String parentKey(DN dn) {
    DN parent = dn.getParent();
    if (parent == null || parent.isNullDN()) {
      return null;
    }
    try {
      // The parent's text names the same RDNs, so parsing it again gives an equal DN; the
      // remembered one has its normalised form already.
      return parse(parentText(dn, parent)).toNormalizedString();
    } catch (LDAPException e) {
      return parent.toNormalizedString();
    }
  }

  /**
   * The text of a parsed DN after its first RDN and the comma that ends it (cheaper than building
   * the parent's string), or the parent's own string when the DN's text is not laid out so.
   */
  private static String parentText(DN dn, DN parent) {
    String text = dn.toString();
    String first = dn.getRDN().toString();
    if (text.length() > first.length() && text.startsWith(first) && text.charAt(first.length()) == ',') {
      return text.substring(first.length() + 1);
    }
    return parent.toString();
  }
}
