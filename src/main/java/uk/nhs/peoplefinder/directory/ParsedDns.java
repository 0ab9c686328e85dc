package uk.nhs.peoplefinder.directory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed DNs remembered by their string form. A DN keeps its normalised form once computed, so a DN
 * that comes back (an organisation's, once for each of its people; a write's own, at each step of
 * the write) is parsed and normalised once while it is remembered. Thread-safe and bounded.
 */
public final class ParsedDns {
  /** More DNs than this and the memory is started afresh: a bulk load meets each person's DN only a few times. */
  private static final int CAPACITY = 8_192;

  private final Schema schema;
  private final ConcurrentHashMap<String, DN> dns = new ConcurrentHashMap<>();

  public ParsedDns(Schema schema) {
    this.schema = schema;
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
      // The parent's string names the same RDNs, so parsing it again gives an equal DN; the
      // remembered one has its normalised form already.
      return parse(parent.toString()).toNormalizedString();
    } catch (LDAPException e) {
      return parent.toNormalizedString();
    }
  }
}
