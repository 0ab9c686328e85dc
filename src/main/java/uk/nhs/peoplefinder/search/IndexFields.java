package uk.nhs.peoplefinder.search;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.AttributeUsage;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The Lucene fields of an entry and how attribute values become terms: one home for field names,
 * for which attributes are indexed how, and for value normalisation (the schema's own matching
 * rules, so an index term equals what LDAP matching compares).
 *
 * <p>Fields: {@code key}, {@code parent} and {@code anc} (the entry, its parent and every ancestor
 * including itself, for search scopes); {@code has} (attribute names present); per attribute
 * {@code v:<attr>} (each value normalised by the attribute's equality rule: equality, substring and
 * presence), {@code w:<attr>} and {@code p:<attr>} (folded words and their Soundex codes, for
 * approximate match) on name-like attributes, and {@code s:<attr>} doc values for sorting.
 */
final class IndexFields {
  static final String KEY = "key";
  /**
   * The key and the smallest normalised {@code cn} again, as plain binary doc values: reading a
   * hit's key or name from these is a direct read, where the sorted doc values behind {@code key}
   * and {@code s:cn} decompress a block of terms for every lookup.
   */
  static final String KEY_VALUE = "key#value";
  static final String NAME_VALUE = "cn#value";
  static final String PARENT = "parent";
  static final String ANCESTOR = "anc";
  static final String HAS = "has";
  /** Marks a shared mailbox hidden from address lists (R-MEMBERS). */
  static final String LIST_HIDDEN = "listHidden";
  /** Keys of a shared mailbox's members and owners, who may still list it (R-MEMBERS). */
  static final String LINKED = "linked";
  static final String TRUE = "T";

  /**
   * NOTE: a hidden mobile is indexed under its own name, never under {@code mobile}, so only a
   * query built for someone who may see it (R-HIDE) can reach it.
   */
  static final String HIDDEN_MOBILE = "mobile#hidden";

  /** Values longer than this are indexed as a marker that makes every query on them a candidate. */
  static final int MAX_TERM_CHARS = 4096;
  static final String OVERLONG = "\u0000overlong";

  /** Attributes whose words are indexed for approximate match ({@code ~=}) and ranking. */
  static final Set<String> NAME_LIKE =
      Set.of(
          lower(Attr.CN), lower(Attr.SN), lower(Attr.GIVEN_NAME), lower(Attr.DISPLAY_NAME),
          lower(Attr.L), lower(Attr.O), lower(Attr.OU), lower(Attr.TITLE),
          lower(Attr.PHYSICAL_DELIVERY_OFFICE_NAME), lower(Attr.DESCRIPTION));

  /** Attributes a client may sort on (server-side sort and virtual list view). */
  static final Set<String> SORTABLE =
      Set.of(
          lower(Attr.CN), lower(Attr.SN), lower(Attr.GIVEN_NAME), lower(Attr.DISPLAY_NAME),
          lower(Attr.MAIL), lower(Attr.UID), lower(Attr.L), lower(Attr.O), lower(Attr.OU),
          lower(Attr.TITLE), lower(Attr.NHS_ODS_CODE), lower(Attr.TELEPHONE_NUMBER),
          lower(Attr.PHYSICAL_DELIVERY_OFFICE_NAME), lower(Attr.NHS_ACCOUNT_STATUS),
          lower(Attr.NHS_ORG_TYPE), lower(Attr.POSTAL_CODE));

  /** Never indexed: secrets, and history nobody searches. */
  private static final Set<String> NEVER =
      Set.of(lower(Attr.USER_PASSWORD), lower(Attr.NHS_PASSWORD_HISTORY));

  private final Schema schema;
  private final Map<String, String> canonical = new ConcurrentHashMap<>();
  private final Map<String, MatchingRule> equality = new ConcurrentHashMap<>();
  private final Map<String, MatchingRule> substring = new ConcurrentHashMap<>();

  IndexFields(Schema schema) {
    this.schema = schema;
  }

  static String value(String attribute) {
    return "v:" + attribute;
  }

  static String words(String attribute) {
    return "w:" + attribute;
  }

  static String phonetic(String attribute) {
    return "p:" + attribute;
  }

  static String sort(String attribute) {
    return "s:" + attribute;
  }

  /** The attribute's schema name in lower case (any alias or OID), or null when the schema has none. */
  String canonical(String name) {
    String base = name.indexOf(';') < 0 ? name : name.substring(0, name.indexOf(';'));
    return canonical.computeIfAbsent(
        base.toLowerCase(Locale.ROOT),
        n -> {
          AttributeTypeDefinition type = schema.getAttributeType(n);
          return type == null ? "" : lower(type.getNameOrOID());
        });
  }

  /** Whether the values of this (canonical) attribute are in {@code v:<attr>} and {@code has}. */
  boolean isIndexed(String attribute) {
    if (attribute.isEmpty() || NEVER.contains(attribute)) {
      return false;
    }
    AttributeTypeDefinition type = schema.getAttributeType(attribute);
    return type != null && !type.isOperational() && type.getUsage() == AttributeUsage.USER_APPLICATIONS;
  }

  /** The value as the attribute's equality matching rule compares it. */
  String normalise(String attribute, String value) {
    try {
      MatchingRule rule =
          equality.computeIfAbsent(attribute, a -> MatchingRule.selectEqualityMatchingRule(a, schema));
      return rule.normalize(new ASN1OctetString(value)).stringValue();
    } catch (LDAPException e) {
      return value.toLowerCase(Locale.ROOT); // not valid for its syntax: matched as it is
    }
  }

  /** A substring assertion component as the attribute's substring rule compares it, or null. */
  String normaliseSubstring(String attribute, byte[] component, byte type) {
    try {
      MatchingRule rule =
          substring.computeIfAbsent(attribute, a -> MatchingRule.selectSubstringMatchingRule(a, schema));
      return rule.normalizeSubstring(new ASN1OctetString(component), type).stringValue();
    } catch (LDAPException e) {
      return null;
    }
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
