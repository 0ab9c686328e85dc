package uk.nhs.peoplefinder.store;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns attribute values (and equality assertion values) into {@link ValueIndex} keys.
 *
 * <p>NOTE: a key must never separate two values that the attribute's equality rule calls equal,
 * or an index lookup would miss entries. So keys fold case and drop all spaces and hyphens (which
 * covers caseIgnore, caseExact, IA5 and numeric-string matching); telephone numbers keep only
 * digits and '+', as the SDK's telephoneNumberMatch compares them; DN values use the
 * schema-aware normalised DN.
 */
public final class IndexKeys {
  private static final String DN_SYNTAX = "1.3.6.1.4.1.1466.115.121.1.12";
  private static final String TELEPHONE_NUMBER_MATCH = "2.5.13.20";

  /** How an attribute's values become keys. */
  private enum Kind {
    DN,
    TELEPHONE,
    TEXT
  }

  // By attribute name as spelled; the schema never changes while the server runs.
  private static final ConcurrentHashMap<String, Kind> KINDS = new ConcurrentHashMap<>();

  private IndexKeys() {}

  public static String of(Schema schema, String attribute, String value) {
    Kind kind = KINDS.computeIfAbsent(attribute, a -> kindOf(schema, a));
    if (kind == Kind.DN) {
      try {
        return new DN(value, schema).toNormalizedString();
      } catch (LDAPException e) {
        // Not a DN: it can equal no stored (syntax-checked) value, but keep it harmlessly distinct.
        return "!" + value;
      }
    }
    StringBuilder key = new StringBuilder(value.length());
    if (kind == Kind.TELEPHONE) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if ((c >= '0' && c <= '9') || c == '+') {
          key.append(c);
        }
      }
      return key.toString();
    }
    String lower = value.toLowerCase(Locale.ROOT);
    if (isPlainAscii(lower)) {
      return lower; // the common case: nothing to drop
    }
    lower
        .codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '-')
        .forEach(key::appendCodePoint);
    return key.toString();
  }

  /** ASCII without spaces, control characters or hyphens: a text key that drops nothing. */
  private static boolean isPlainAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7F || c == '-') {
        return false;
      }
    }
    return true;
  }

  private static Kind kindOf(Schema schema, String attribute) {
    return isDn(schema, attribute) ? Kind.DN : isTelephoneNumber(schema, attribute) ? Kind.TELEPHONE : Kind.TEXT;
  }

  private static boolean isTelephoneNumber(Schema schema, String attribute) {
    AttributeTypeDefinition type = schema.getAttributeType(attribute);
    String rule = type == null ? null : type.getEqualityMatchingRule(schema);
    return rule != null
        && (rule.equals(TELEPHONE_NUMBER_MATCH) || rule.equalsIgnoreCase("telephoneNumberMatch"));
  }

  private static boolean isDn(Schema schema, String attribute) {
    AttributeTypeDefinition type = schema.getAttributeType(attribute);
    if (type == null) {
      return false;
    }
    return DN_SYNTAX.equals(type.getBaseSyntaxOID(schema));
  }
}
