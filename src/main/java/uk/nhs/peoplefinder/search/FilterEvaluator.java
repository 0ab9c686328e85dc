package uk.nhs.peoplefinder.search;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.BooleanMatchingRule;
import com.unboundid.ldap.matchingrules.CaseExactStringMatchingRule;
import com.unboundid.ldap.matchingrules.CaseIgnoreListMatchingRule;
import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.matchingrules.DistinguishedNameMatchingRule;
import com.unboundid.ldap.matchingrules.GeneralizedTimeMatchingRule;
import com.unboundid.ldap.matchingrules.IntegerMatchingRule;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.matchingrules.NumericStringMatchingRule;
import com.unboundid.ldap.matchingrules.OctetStringMatchingRule;
import com.unboundid.ldap.matchingrules.TelephoneNumberMatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates LDAP filters against an entry with RFC 4511's three-valued logic (TRUE, FALSE,
 * Undefined), so that {@code (!(x~=y))} on an unknown attribute does not match.
 *
 * <p>Simple items are delegated to the SDK's {@link Filter#matchesEntry} (exact LDAP matching
 * semantics from the schema); approximate and extensible matching, which the SDK does not
 * evaluate, are done here. Filters are expected with attribute names already in schema spelling.
 */
public final class FilterEvaluator {
  private enum Truth {
    TRUE,
    FALSE,
    UNDEFINED
  }

  private static final List<MatchingRule> KNOWN_RULES =
      List.of(
          BooleanMatchingRule.getInstance(),
          CaseExactStringMatchingRule.getInstance(),
          CaseIgnoreListMatchingRule.getInstance(),
          CaseIgnoreStringMatchingRule.getInstance(),
          DistinguishedNameMatchingRule.getInstance(),
          GeneralizedTimeMatchingRule.getInstance(),
          IntegerMatchingRule.getInstance(),
          NumericStringMatchingRule.getInstance(),
          OctetStringMatchingRule.getInstance(),
          TelephoneNumberMatchingRule.getInstance());

  private final Schema schema;

  public FilterEvaluator(Schema schema) {
    this.schema = schema;
  }

  public boolean matches(Filter filter, Entry entry) {
    return evaluate(filter, entry) == Truth.TRUE;
  }

  private Truth evaluate(Filter filter, Entry entry) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
        {
          Truth result = Truth.TRUE;
          for (Filter component : filter.getComponents()) {
            Truth t = evaluate(component, entry);
            if (t == Truth.FALSE) {
              return Truth.FALSE;
            }
            if (t == Truth.UNDEFINED) {
              result = Truth.UNDEFINED;
            }
          }
          return result;
        }
      case Filter.FILTER_TYPE_OR:
        {
          Truth result = Truth.FALSE;
          for (Filter component : filter.getComponents()) {
            Truth t = evaluate(component, entry);
            if (t == Truth.TRUE) {
              return Truth.TRUE;
            }
            if (t == Truth.UNDEFINED) {
              result = Truth.UNDEFINED;
            }
          }
          return result;
        }
      case Filter.FILTER_TYPE_NOT:
        {
          Truth t = evaluate(filter.getNOTComponent(), entry);
          return t == Truth.UNDEFINED ? t : t == Truth.TRUE ? Truth.FALSE : Truth.TRUE;
        }
      case Filter.FILTER_TYPE_PRESENCE:
        return entry.hasAttribute(filter.getAttributeName()) ? Truth.TRUE : Truth.FALSE;
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH:
        return approximate(filter, entry);
      case Filter.FILTER_TYPE_EXTENSIBLE_MATCH:
        return extensible(filter, entry);
      default:
        if (schema.getAttributeType(filter.getAttributeName()) == null) {
          return Truth.UNDEFINED;
        }
        try {
          return filter.matchesEntry(entry, schema) ? Truth.TRUE : Truth.FALSE;
        } catch (LDAPException e) {
          return Truth.UNDEFINED;
        }
    }
  }

  private Truth approximate(Filter filter, Entry entry) {
    if (schema.getAttributeType(filter.getAttributeName()) == null) {
      return Truth.UNDEFINED;
    }
    Attribute attribute = entry.getAttribute(filter.getAttributeName(), schema);
    if (attribute == null) {
      return Truth.FALSE;
    }
    for (String value : attribute.getValues()) {
      if (ApproximateMatch.matches(value, filter.getAssertionValue())) {
        return Truth.TRUE;
      }
    }
    return Truth.FALSE;
  }

  private Truth extensible(Filter filter, Entry entry) {
    String attributeName = filter.getAttributeName();
    String ruleId = filter.getMatchingRuleID();
    ASN1OctetString assertion = filter.getRawAssertionValue();
    MatchingRule rule;
    boolean ordering = false;
    if (ruleId == null) {
      if (attributeName == null || schema.getAttributeType(attributeName) == null) {
        return Truth.UNDEFINED;
      }
      rule = MatchingRule.selectEqualityMatchingRule(attributeName, schema);
    } else {
      rule = knownRule(ruleId, false);
      if (rule == null) {
        rule = knownRule(ruleId, true);
        ordering = true;
      }
      if (rule == null) {
        return Truth.UNDEFINED;
      }
    }
    Truth result = Truth.FALSE;
    for (Attribute attribute : entry.getAttributes()) {
      if (attributeName != null && !sameType(attributeName, attribute.getBaseName())) {
        continue;
      }
      for (ASN1OctetString value : attribute.getRawValues()) {
        Truth t = test(rule, ordering, value, assertion);
        if (t == Truth.TRUE) {
          return t;
        }
        if (t == Truth.UNDEFINED && attributeName != null) {
          result = t;
        }
      }
    }
    if (filter.getDNAttributes()) {
      try {
        for (RDN rdn : new DN(entry.getDN(), schema).getRDNs()) {
          String[] names = rdn.getAttributeNames();
          String[] values = rdn.getAttributeValues();
          for (int i = 0; i < names.length; i++) {
            if (attributeName == null || sameType(attributeName, names[i])) {
              if (test(rule, ordering, new ASN1OctetString(values[i]), assertion) == Truth.TRUE) {
                return Truth.TRUE;
              }
            }
          }
        }
      } catch (LDAPException e) {
        return Truth.UNDEFINED;
      }
    }
    return result;
  }

  private static Truth test(MatchingRule rule, boolean ordering, ASN1OctetString value, ASN1OctetString assertion) {
    try {
      if (ordering) {
        return rule.compareValues(value, assertion) < 0 ? Truth.TRUE : Truth.FALSE;
      }
      return rule.valuesMatch(value, assertion) ? Truth.TRUE : Truth.FALSE;
    } catch (LDAPException e) {
      return Truth.UNDEFINED;
    }
  }

  private boolean sameType(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    var type = schema.getAttributeType(a);
    return type != null && type.hasNameOrOID(b);
  }

  private static MatchingRule knownRule(String id, boolean ordering) {
    String lower = id.toLowerCase(Locale.ROOT);
    for (MatchingRule rule : KNOWN_RULES) {
      String name = ordering ? rule.getOrderingMatchingRuleName() : rule.getEqualityMatchingRuleName();
      String oid = ordering ? rule.getOrderingMatchingRuleOID() : rule.getEqualityMatchingRuleOID();
      if ((name != null && name.equalsIgnoreCase(lower)) || (oid != null && oid.equals(lower))) {
        return rule;
      }
    }
    return null;
  }
}
