package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Equality and substring items on the address-book attributes, alone and under AND/OR/NOT, served
 * from the search index: the server's answer must equal a brute-force evaluation over every entry.
 */
class EqualityAndSubstringSearchTest {
  private static final String[] ATTRIBUTES = {
    "cn", "sn", "givenName", "displayName", "mail", "uid", "nhsMailAlias", "nhsOdsCode", "l", "ou", "title"
  };

  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;

  @BeforeAll
  static void readEverything() throws Exception {
    everything = SearchFixture.everything(server.admin());
  }

  @Test
  void substringItems_returnExactlyWhatAFullScanMatches() throws Exception {
    Random random = new Random(61);
    LDAPConnection admin = server.admin();
    int nonEmpty = 0;
    int total = 300;
    for (int i = 0; i < total; i++) {
      if (SearchFixture.assertSameAsBruteForce(admin, everything, substring(random)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  /**
   * Prefixes of up to eight characters (past a type prefix such as {@code smtp:}) are served from
   * terms of their own, longer ones by walking the values: every length, on each side of that
   * line, must give what a full scan gives.
   */
  @Test
  void prefixesOfEveryLength_onEitherSideOfTheIndexedLength_returnExactlyWhatAFullScanMatches() throws Exception {
    Random random = new Random(64);
    LDAPConnection admin = server.admin();
    String[] prefixed = {"cn", "sn", "givenName", "displayName", "mail", "uid", "nhsMailAlias", "proxyAddresses"};
    int nonEmpty = 0;
    int total = 0;
    for (String attribute : prefixed) {
      for (int i = 0; i < 4; i++) {
        String value = SearchFixture.pick(random, SearchFixture.values(everything, attribute));
        for (int length = 1; length <= Math.min(value.length(), 15); length++) {
          String initial = value.substring(0, length);
          initial = random.nextBoolean() ? initial.toUpperCase() : initial;
          total++;
          if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.createSubstringFilter(attribute, initial, null, null)) > 0) {
            nonEmpty++;
          }
        }
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void equalityItems_inAnyCase_returnExactlyWhatAFullScanMatches() throws Exception {
    Random random = new Random(62);
    LDAPConnection admin = server.admin();
    int nonEmpty = 0;
    int total = 150;
    for (int i = 0; i < total; i++) {
      String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
      String value = SearchFixture.pick(random, SearchFixture.values(everything, attribute));
      String asTyped = random.nextBoolean() ? value.toUpperCase() : value.toLowerCase();
      if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.createEqualityFilter(attribute, asTyped)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void andOrNotOfItems_returnExactlyWhatAFullScanMatches() throws Exception {
    Random random = new Random(63);
    LDAPConnection admin = server.admin();
    int nonEmpty = 0;
    int total = 200;
    for (int i = 0; i < total; i++) {
      if (SearchFixture.assertSameAsBruteForce(admin, everything, combination(random, 0)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  private Filter combination(Random random, int depth) {
    switch (depth >= 2 ? 3 : random.nextInt(6)) {
      case 0:
        return Filter.createANDFilter(combination(random, depth + 1), combination(random, depth + 1));
      case 1:
        return Filter.createORFilter(combination(random, depth + 1), combination(random, depth + 1));
      case 2:
        return Filter.createANDFilter(combination(random, depth + 1), Filter.createNOTFilter(combination(random, depth + 1)));
      default:
        if (random.nextBoolean()) {
          return substring(random);
        }
        String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
        return Filter.createEqualityFilter(attribute, SearchFixture.pick(random, SearchFixture.values(everything, attribute)));
    }
  }

  /** A prefix, infix, suffix or initial*any*final item cut from a value some entry has. */
  private Filter substring(Random random) {
    String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
    String value = SearchFixture.pick(random, SearchFixture.values(everything, attribute));
    if (random.nextInt(4) == 0) {
      value = value.toUpperCase();
    }
    int length = value.length();
    if (length < 4) {
      return Filter.createSubstringFilter(attribute, value.substring(0, 1), null, null);
    }
    int a = 1 + random.nextInt(length / 2);
    int b = a + random.nextInt(length - a);
    switch (random.nextInt(5)) {
      case 0:
        return Filter.createSubstringFilter(attribute, value.substring(0, a), null, null);
      case 1:
        return Filter.createSubstringFilter(attribute, null, new String[] {value.substring(a, Math.max(a + 1, b))}, null);
      case 2:
        return Filter.createSubstringFilter(attribute, null, null, value.substring(b));
      case 3:
        return Filter.createSubstringFilter(
            attribute, value.substring(0, 1), new String[] {value.substring(a, Math.max(a + 1, b))}, value.substring(length - 1));
      default:
        // two words typed as Thunderbird sends them: first* second*
        return Filter.createSubstringFilter(attribute, value.substring(0, a), new String[] {value.substring(b, Math.min(length, b + 2))}, null);
    }
  }
}
