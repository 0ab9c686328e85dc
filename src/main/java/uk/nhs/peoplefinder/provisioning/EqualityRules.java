package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sets attributes on an entry as {@link Entry#setAttribute(String, Collection)} does, with each
 * name's equality matching rule looked up in the schema once rather than on every write (rules
 * set the same few attributes thousands of times in a bulk load).
 */
final class EqualityRules {
  /** The rules of one schema; the server has one schema, which never changes. */
  private record Memo(Schema schema, ConcurrentHashMap<String, MatchingRule> rules) {}

  private static final int MAX_NAMES = 4_096;
  private static volatile Memo memo = new Memo(null, new ConcurrentHashMap<>());

  private EqualityRules() {}

  /** What {@link MatchingRule#selectEqualityMatchingRule(String, Schema)} gives. */
  static MatchingRule of(Schema schema, String attribute) {
    if (schema == null) {
      return MatchingRule.selectEqualityMatchingRule(attribute, null);
    }
    Memo current = memo;
    if (current.schema() != schema) {
      current = new Memo(schema, new ConcurrentHashMap<>());
      memo = current;
    }
    MatchingRule rule = current.rules().get(attribute);
    if (rule == null) {
      rule = MatchingRule.selectEqualityMatchingRule(attribute, schema);
      if (current.rules().size() < MAX_NAMES) {
        current.rules().put(attribute, rule);
      }
    }
    return rule;
  }

  /** {@code write.after().setAttribute(attribute, value)}. */
  static void set(Write write, String attribute, String value) {
    write.after().setAttribute(new Attribute(attribute, of(write.schema(), attribute), value));
  }

  /** {@code write.after().setAttribute(attribute, values)}. */
  static void set(Write write, String attribute, Collection<String> values) {
    write.after().setAttribute(new Attribute(attribute, of(write.schema(), attribute), values));
  }
}
