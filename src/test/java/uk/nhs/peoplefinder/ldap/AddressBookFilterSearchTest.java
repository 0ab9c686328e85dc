package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The filters address-book clients send by default (SPEC R-FUZZY), with one and two typed words,
 * bare and wrapped in {@code (mail=*)}: the server returns what brute force matches, and with
 * Outlook's 100-entry limit, 100 of those entries, best first, and sizeLimitExceeded.
 */
class AddressBookFilterSearchTest {
  static final String OUTLOOK = "(&(mail=*)(|(mail=%s*)(|(cn=%s*)(|(sn=%s*)(givenName=%s*)))))";
  static final String THUNDERBIRD = "(|(cn=%1$s*%2$s*)(mail=%1$s*%2$s*)(sn=%1$s*%2$s*))";
  static final String THUNDERBIRD_ONE_WORD = "(|(cn=%1$s*)(mail=%1$s*)(sn=%1$s*))";
  static final String GAL = "(|(cn=%s*)(sn=%s*)(givenName=%s*)(mail=%s*))";

  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;

  @BeforeAll
  static void readEverything() throws Exception {
    everything = SearchFixture.everything(server.admin());
  }

  @Test
  void outlookGalAndThunderbird_withOneOrTwoWords_returnWhatAFullScanMatches() throws Exception {
    Random random = new Random(91);
    LDAPConnection admin = server.admin();
    int total = 0;
    int nonEmpty = 0;
    for (int i = 0; i < 40; i++) {
      String sn = SearchFixture.pick(random, SearchFixture.values(everything, "sn"));
      String given = SearchFixture.pick(random, SearchFixture.values(everything, "givenName"));
      String one = sn.substring(0, Math.min(sn.length(), 1 + random.nextInt(4))).toLowerCase();
      String first = given.substring(0, Math.min(given.length(), 1 + random.nextInt(3)));
      for (String filter :
          List.of(
              OUTLOOK.replace("%s", one),
              GAL.replace("%s", one),
              String.format(THUNDERBIRD_ONE_WORD, one),
              String.format(THUNDERBIRD, first, one),
              "(&(mail=*)" + GAL.replace("%s", one) + ")",
              "(&(mail=*)" + String.format(THUNDERBIRD, first, one) + ")")) {
        total++;
        if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.create(filter)) > 0) {
          nonEmpty++;
        }
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void outlook_withItsLimitOf100_returns100OfTheMatches_andSaysThereAreMore() throws Exception {
    Filter filter = Filter.create(OUTLOOK.replace("%s", "s"));
    Set<String> all = SearchFixture.bruteForce(everything, filter);
    assertTrue(all.size() > 100, "enough entries start with s: " + all.size());
    SearchResult result = SearchFixture.search(server.admin(), filter, 100, "cn", "mail");
    assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, result.getResultCode());
    assertEquals(100, result.getEntryCount());
    for (SearchResultEntry entry : result.getSearchEntries()) {
      assertTrue(all.contains(SearchFixture.normalised(entry.getDN())), entry.getDN());
    }
  }

  @Test
  void results_areRankedExactThenPrefix_thenByName() throws Exception {
    // sn=smith exactly outranks Smith-Jones and Smithson, which only start with it
    SearchResult result = SearchFixture.search(server.admin(), Filter.create(GAL.replace("%s", "smith")), 0, "sn", "cn");
    List<String> surnames = new ArrayList<>();
    for (SearchResultEntry entry : result.getSearchEntries()) {
      surnames.add(entry.getAttributeValue("sn"));
    }
    int firstOther = 0;
    while (firstOther < surnames.size() && "Smith".equals(surnames.get(firstOther))) {
      firstOther++;
    }
    assertTrue(firstOther > 0, surnames.toString());
    assertTrue(surnames.subList(firstOther, surnames.size()).stream().noneMatch("Smith"::equals), surnames.toString());
    assertTrue(firstOther < surnames.size(), "prefix-only matches follow: " + surnames);
    List<String> names = new ArrayList<>();
    for (SearchResultEntry entry : result.getSearchEntries().subList(0, firstOther)) {
      names.add(entry.getAttributeValue("cn").toLowerCase());
    }
    assertEquals(new ArrayList<>(new TreeSet<>(names)).size(), names.size());
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names, "equally good matches come in name order");
  }
}
