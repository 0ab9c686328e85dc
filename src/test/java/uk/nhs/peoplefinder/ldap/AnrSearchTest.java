package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ambiguous name resolution (R-FUZZY, as Active Directory expands it): {@code (anr=V)},
 * {@code (anr==V)} and "first last" in either order, served from the index and compared with the
 * expansion evaluated over every entry.
 */
class AnrSearchTest {
  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;

  @BeforeAll
  static void readEverything() throws Exception {
    everything = SearchFixture.everything(server.admin());
  }

  @Test
  void prefixesOfNamesAndAddresses_returnExactlyWhatTheExpansionMatches() throws Exception {
    Random random = new Random(81);
    LDAPConnection admin = server.admin();
    String[] sources = {"sn", "givenName", "mail", "uid", "displayName"};
    int total = 120;
    int nonEmpty = 0;
    for (int i = 0; i < total; i++) {
      String value = SearchFixture.pick(random, SearchFixture.values(everything, sources[random.nextInt(sources.length)]));
      String typed = value.substring(0, Math.min(value.length(), 2 + random.nextInt(4)));
      if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.createEqualityFilter("anr", typed)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void firstAndLast_inEitherOrder_returnExactlyWhatTheExpansionMatches() throws Exception {
    Random random = new Random(82);
    LDAPConnection admin = server.admin();
    int total = 80;
    int nonEmpty = 0;
    for (int i = 0; i < total; i++) {
      Entry person = everything.get(random.nextInt(everything.size()));
      String given = person.getAttributeValue("givenName");
      String sn = person.getAttributeValue("sn");
      if (given == null || sn == null) {
        continue;
      }
      String typed =
          random.nextBoolean()
              ? given + " " + sn.substring(0, Math.min(sn.length(), 3))
              : sn + " " + given.substring(0, Math.min(given.length(), 2));
      if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.createEqualityFilter("anr", typed)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void johnSmi_findsJohnSmith_andSmithJohn_too() throws Exception {
    Set<String> forwards = SearchFixture.served(server.admin(), Filter.create("(anr=john smi)"));
    Set<String> backwards = SearchFixture.served(server.admin(), Filter.create("(anr=smith jo)"));
    assertFalse(forwards.isEmpty());
    assertTrue(backwards.containsAll(forwards), "every John Smi… is a Smith Jo…: " + forwards + " " + backwards);
  }

  @Test
  void equalsSign_meansExact() throws Exception {
    Set<String> exact = SearchFixture.served(server.admin(), Filter.create("(anr==smith)"));
    Set<String> prefix = SearchFixture.served(server.admin(), Filter.create("(anr=smith)"));
    assertFalse(exact.isEmpty());
    assertTrue(prefix.containsAll(exact));
    assertTrue(prefix.size() > exact.size(), "Smith-Jones and Smithson are prefix matches only");
    assertSameAsExpansion("(anr==smith)");
    assertSameAsExpansion("(anr==john smith)");
  }

  @Test
  void insideOtherFilters_isExpandedToo() throws Exception {
    assertSameAsExpansion("(&(objectClass=nhsPerson)(anr=mac))");
    assertSameAsExpansion("(|(anr=o'n)(nhsOdsCode=fa123))");
    assertSameAsExpansion("(&(anr=jo)(!(anr=john)))");
  }

  @Test
  void aFilterOfManyAnrItems_isServed_notRefused() throws Exception {
    StringBuilder filter = new StringBuilder("(|");
    for (int i = 0; i < 300; i++) {
      filter.append("(anr=zz").append(i).append(')');
    }
    filter.append("(anr=smith))");
    // each ANR item becomes a dozen items, each a few Lucene clauses: far beyond Lucene's default 1,024
    assertSameAsExpansion(filter.toString());
  }

  private static void assertSameAsExpansion(String filter) throws Exception {
    SearchFixture.assertSameAsBruteForce(server.admin(), everything, Filter.create(filter));
  }
}
