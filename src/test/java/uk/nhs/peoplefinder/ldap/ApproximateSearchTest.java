package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Approximate match ({@code ~=}, R-FUZZY) served from the index: typo- and spelling-tolerant,
 * exact matches ranked first, and the same entries as the approximate rule applied to every entry.
 */
class ApproximateSearchTest {
  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;

  @BeforeAll
  static void readEverything() throws Exception {
    everything = SearchFixture.everything(server.admin());
  }

  @Test
  void typosOfRealNames_returnExactlyWhatTheRuleMatchesEntryByEntry() throws Exception {
    Random random = new Random(71);
    LDAPConnection admin = server.admin();
    String[] attributes = {"cn", "sn", "givenName", "displayName"};
    int nonEmpty = 0;
    int total = 150;
    for (int i = 0; i < total; i++) {
      String attribute = attributes[random.nextInt(attributes.length)];
      String sn = SearchFixture.pick(random, SearchFixture.values(everything, "sn"));
      String typed = typo(random, sn);
      if (SearchFixture.assertSameAsBruteForce(admin, everything, Filter.createApproximateMatchFilter(attribute, typed)) > 0) {
        nonEmpty++;
      }
    }
    SearchFixture.assertEnoughMatched(nonEmpty, total);
  }

  @Test
  void smyth_findsSmith_andSmythsComeFirst() throws Exception {
    List<String> surnames = surnamesInOrder("(sn~=smyth)");
    assertTrue(surnames.contains("Smith"), surnames.toString());
    assertTrue(surnames.contains("Smyth"), surnames.toString());
    assertExactFirst(surnames, "Smyth");
  }

  @Test
  void jon_findsJohn_andJonsComeFirst() throws Exception {
    List<String> given = valuesInOrder("(givenName~=jon)", "givenName");
    assertTrue(given.contains("John"), given.toString());
    assertTrue(given.contains("Jon"), given.toString());
    assertFalse(given.contains("Jane"), "a three-letter word takes one inserted letter, no more: " + given);
    assertExactFirst(given, "Jon");
  }

  @Test
  void apostrophes_oneilFindsONeilAndONeill() throws Exception {
    for (String typed : List.of("o'neil", "oneil", "O'Neill")) {
      List<String> surnames = surnamesInOrder("(sn~=" + typed + ")");
      assertTrue(surnames.contains("O'Neil"), typed + " " + surnames);
      assertTrue(surnames.contains("O'Neill"), typed + " " + surnames);
    }
  }

  @Test
  void macAndMc_findEachOther() throws Exception {
    for (String typed : List.of("mcdonald", "macdonald")) {
      List<String> surnames = surnamesInOrder("(sn~=" + typed + ")");
      assertTrue(surnames.contains("McDonald"), typed + " " + surnames);
      assertTrue(surnames.contains("MacDonald"), typed + " " + surnames);
    }
    assertExactFirst(surnamesInOrder("(sn~=mcdonald)"), "McDonald");
  }

  @Test
  void hyphenatedSurnames_areFoundByEitherPart() throws Exception {
    List<String> smith = surnamesInOrder("(sn~=jones)");
    assertTrue(smith.stream().anyMatch(s -> s.contains("-") && s.toLowerCase().contains("jones")), smith.toString());
    List<String> patel = surnamesInOrder("(cn~=smith jones)");
    assertFalse(patel.isEmpty());
  }

  @Test
  void words_inCn_matchInAnyOrder_oneTypoEach() throws Exception {
    Set<String> expected = SearchFixture.bruteForce(everything, Filter.create("(cn~=smiht jhon)"));
    assertFalse(expected.isEmpty(), "John Smith is in the demo seed");
    assertEquals(expected, SearchFixture.served(server.admin(), Filter.create("(cn~=smiht jhon)")));
  }

  private static void assertExactFirst(List<String> values, String exact) {
    int lastExact = values.lastIndexOf(exact);
    for (int i = 0; i < lastExact; i++) {
      assertEquals(exact, values.get(i), "exact matches rank before fuzzy ones: " + values);
    }
  }

  private static List<String> surnamesInOrder(String filter) throws Exception {
    return valuesInOrder(filter, "sn");
  }

  private static List<String> valuesInOrder(String filter, String attribute) throws Exception {
    List<String> values = new ArrayList<>();
    for (SearchResultEntry entry :
        SearchFixture.search(server.admin(), Filter.create(filter), 0, attribute).getSearchEntries()) {
      values.add(entry.getAttributeValue(attribute));
    }
    return values;
  }

  /** One deletion, insertion, substitution or swap; or a sound-alike spelling. */
  private static String typo(Random random, String word) {
    if (word.length() < 4) {
      return word;
    }
    int at = 1 + random.nextInt(word.length() - 2);
    switch (random.nextInt(5)) {
      case 0:
        return word.substring(0, at) + word.substring(at + 1);
      case 1:
        return word.substring(0, at) + (char) ('a' + random.nextInt(26)) + word.substring(at);
      case 2:
        return word.substring(0, at) + (char) ('a' + random.nextInt(26)) + word.substring(at + 1);
      case 3:
        return word.substring(0, at) + word.charAt(at + 1) + word.charAt(at) + word.substring(at + 2);
      default:
        return word.replace("i", "y").replace("ph", "f").toLowerCase();
    }
  }
}
