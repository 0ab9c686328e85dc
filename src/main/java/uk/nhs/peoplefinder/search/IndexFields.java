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
import uk.nhs.peoplefinder.directory.ParsedDns;

/**
 * The Lucene fields of an entry and how attribute values become terms: one home for field names,
 * for which attributes are indexed how, and for value normalisation (the schema's own matching
 * rules, so an index term equals what LDAP matching compares).
 *
 * <p>Fields: {@code key}, {@code parent} and {@code anc} (the entry, its parent and every ancestor
 * including itself, for search scopes); {@code has} (attribute names present); per attribute
 * {@code v:<attr>} (each value normalised by the attribute's equality rule: equality, substring and
 * presence), {@code w:<attr>} and {@code p:<attr>} (folded words and their Soundex codes, for
 * approximate match) on name-like attributes, {@code e:<attr>} (leading characters, for prefix
 * match) on {@link #PREFIXED} attributes, and {@code s:<attr>} doc values for sorting.
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

  /**
   * Attributes whose value prefixes are indexed as terms of their own ({@code e:<attr>}, "edge
   * n-grams"), so that a typed prefix of up to {@value #MAX_PREFIX} characters is one term whose
   * hits come in index order, rather than a walk over every value that starts so: the attributes
   * with many distinct values that address books and ANR match by prefix.
   */
  static final Set<String> PREFIXED =
      Set.of(
          lower(Attr.CN), lower(Attr.SN), lower(Attr.GIVEN_NAME), lower(Attr.DISPLAY_NAME),
          lower(Attr.MAIL), lower(Attr.UID), lower(Attr.NHS_MAIL_ALIAS), lower(Attr.PROXY_ADDRESSES));

  /** The longest indexed prefix, in characters; beyond a type prefix such as {@code smtp:}. */
  static final int MAX_PREFIX = 8;

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
  private final ParsedDns dns;
  private final Map<String, String> canonical = new ConcurrentHashMap<>();
  private final Map<String, Plan> plans = new ConcurrentHashMap<>();
  private final Map<String, MatchingRule> equality = new ConcurrentHashMap<>();
  private final Map<String, MatchingRule> substring = new ConcurrentHashMap<>();

  IndexFields(Schema schema) {
    this.schema = schema;
    this.dns = ParsedDns.of(schema);
  }

  /** DNs parsed with the directory's schema, remembered (shared with the store). */
  ParsedDns dns() {
    return dns;
  }

  /**
   * How the values of an attribute are indexed, worked out once per spelling of its name.
   *
   * @param name the canonical name ({@link #canonical})
   * @param indexed whether {@link #isIndexed}
   * @param nameLike whether in {@link #NAME_LIKE}
   * @param sortable whether in {@link #SORTABLE}
   * @param valueField its {@link #value} field, and so on: field names made once
   * @param prefixField its {@link #prefix} field, or null when not in {@link #PREFIXED}
   */
  record Plan(
      String name,
      boolean indexed,
      boolean nameLike,
      boolean sortable,
      String valueField,
      String wordsField,
      String phoneticField,
      String sortField,
      String prefixField) {
    Plan(String name, boolean indexed) {
      this(
          name,
          indexed,
          NAME_LIKE.contains(name),
          SORTABLE.contains(name),
          value(name),
          words(name),
          phonetic(name),
          sort(name),
          PREFIXED.contains(name) ? prefix(name) : null);
    }
  }

  /** The plan for an attribute as an entry names it (any case, alias or options). */
  Plan plan(String spelled) {
    Plan plan = plans.get(spelled);
    if (plan == null) {
      String name = canonical(spelled);
      plan = new Plan(name, isIndexed(name));
      plans.put(spelled, plan);
    }
    return plan;
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

  static String prefix(String attribute) {
    return "e:" + attribute;
  }

  /**
   * How many leading characters of a normalised value have a term in {@link #prefix}: up to {@value
   * #MAX_PREFIX}, counted after a type prefix such as {@code smtp:} (a colon among the first
   * characters), and never ending inside a surrogate pair.
   */
  static int indexedPrefix(String normalised) {
    int colon = normalised.indexOf(':');
    int start = colon >= 0 && colon < MAX_PREFIX ? colon + 1 : 0;
    return Math.min(normalised.length(), start + MAX_PREFIX);
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
