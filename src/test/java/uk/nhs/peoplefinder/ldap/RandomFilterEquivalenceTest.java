package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.RuleViolation;

/**
 * The fast path (index candidates, scope walk, three-valued evaluation) against brute force: for
 * a few hundred random filters, the server's answer must equal {@link Filter#matchesEntry} over
 * every entry.
 */
class RandomFilterEquivalenceTest {
  private static final long SEED = 20261122L;
  private static final int PEOPLE = 600;
  private static final int FILTERS = 400;
  private static final String[] GIVEN = {"John", "Jon", "Mary", "Zoë", "Siobhan", "Ali", "Priya", "Mohammed", "Anne"};
  private static final String[] SURNAMES = {"Smith", "Smyth", "O'Neil", "Patel-Sharma", "Jones", "MacDonald", "McDonald", "Ng"};
  private static final String[] TOWNS = {"Leeds", "York", "Hull", "Bath"};
  private static final String[] ATTRIBUTES = {
    "uid", "mail", "cn", "sn", "givenName", "mobile", "nhsOdsCode", "l", "title", "objectClass", "member", "owner",
    "nhsAccountStatus", "telephoneNumber", "nhsIDCode"
  };

  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  private static List<Entry> everything;
  private static Schema schema;

  @BeforeAll
  static void addPeopleAndReadEverything() throws Exception {
    schema = NhsSchema.load();
    Random random = new Random(SEED);
    List<String> people = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      String given = GIVEN[random.nextInt(GIVEN.length)];
      String sn = SURNAMES[random.nextInt(SURNAMES.length)];
      String org = random.nextBoolean() ? "FA123" : "FW844";
      String sector = "ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
      // The server names the entry (R-PERSON-NAME): john.smith, john.smith2 …
      Entry entry = new Entry("uid=new,nhsOdsCode=" + org + "," + sector);
      entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson");
      entry.addAttribute("givenName", given);
      entry.addAttribute("sn", sn);
      entry.addAttribute("nhsAltEmail", "person" + i + "@example.com");
      entry.addAttribute("mobile", "+4477001" + String.format("%05d", i));
      if (random.nextBoolean()) {
        entry.addAttribute("l", TOWNS[random.nextInt(TOWNS.length)]);
      }
      if (random.nextInt(3) == 0) {
        entry.addAttribute("title", random.nextBoolean() ? "Pharmacist" : "Dispenser");
      }
      if (random.nextInt(5) == 0) {
        entry.addAttribute("telephoneNumber", "0113 496 " + String.format("%04d", i));
      }
      entry.addAttribute("nhsAccountStatus", random.nextBoolean() ? "active" : "pending");
      people.add(server.server().pipeline().submit(Requester.SYSTEM, new Change.Add(entry, true)).after().getDN());
    }
    // Links on the shared mailbox, so that member/owner equality goes through its index too.
    List<com.unboundid.ldap.sdk.Modification> links = new ArrayList<>();
    for (int i = 0; i < 6; i++) { // the mailbox has 3 links already; R-LIMIT allows 10
      links.add(new com.unboundid.ldap.sdk.Modification(
          com.unboundid.ldap.sdk.ModificationType.ADD, "member", people.get(i * 7)));
    }
    submit(new Change.Modify("uid=pharmacy.fa123,nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net", links));

    SearchResult all = server.admin().search("dc=nhs,dc=net", SearchScope.SUB, "(objectClass=*)");
    everything = new ArrayList<>(all.getSearchEntries());
    assertTrue(everything.size() > PEOPLE, "all entries read");
  }

  private static void submit(Change change) throws RuleViolation {
    server.server().pipeline().submit(Requester.SYSTEM, change);
  }

  @Test
  void randomFilters_returnExactlyWhatFullScanMatches() throws Exception {
    Random random = new Random(SEED + 1);
    LDAPConnection admin = server.admin();
    int nonEmpty = 0;
    for (int i = 0; i < FILTERS; i++) {
      Filter filter = randomFilter(random, 0);
      Set<String> expected = new TreeSet<>();
      for (Entry entry : everything) {
        if (filter.matchesEntry(new Entry(entry.getDN(), schema, entry.getAttributes()), schema)) {
          expected.add(entry.getParsedDN().toNormalizedString());
        }
      }
      Set<String> actual = new TreeSet<>();
      for (SearchResultEntry entry : admin.search("dc=nhs,dc=net", SearchScope.SUB, filter, "1.1").getSearchEntries()) {
        actual.add(entry.getParsedDN().toNormalizedString());
      }
      assertEquals(expected, actual, "filter " + filter);
      if (!expected.isEmpty()) {
        nonEmpty++;
      }
    }
    assertTrue(nonEmpty > FILTERS / 4, "enough filters match something to mean something: " + nonEmpty);
  }

  private Filter randomFilter(Random random, int depth) throws LDAPException {
    int kind = random.nextInt(depth >= 3 ? 5 : 8);
    switch (kind) {
      case 5:
        return Filter.createANDFilter(randomFilter(random, depth + 1), randomFilter(random, depth + 1));
      case 6:
        return Filter.createORFilter(
            randomFilter(random, depth + 1), randomFilter(random, depth + 1), randomFilter(random, depth + 1));
      case 7:
        return Filter.createNOTFilter(randomFilter(random, depth + 1));
      default:
        return randomItem(random);
    }
  }

  private Filter randomItem(Random random) {
    String attribute = ATTRIBUTES[random.nextInt(ATTRIBUTES.length)];
    String value = existingValue(random, attribute.equals("nhsIDCode") ? "nhsOdsCode" : attribute);
    // DN-valued attributes have no substring rule (an undefined item; the SDK throws for it).
    boolean dnValued = attribute.equals("member") || attribute.equals("owner");
    switch (dnValued ? 4 : random.nextInt(6)) {
      case 0:
        return Filter.createPresenceFilter(attribute);
      case 1:
        if (value.length() > 2) {
          int cut = 1 + random.nextInt(value.length() - 1);
          return Filter.createSubstringFilter(attribute, value.substring(0, cut), null, null);
        }
        return Filter.createEqualityFilter(attribute, value);
      case 2:
        if (value.length() > 3) {
          int from = random.nextInt(value.length() - 2);
          return Filter.createSubstringFilter(attribute, null, new String[] {value.substring(from, from + 2)}, null);
        }
        return Filter.createEqualityFilter(attribute, value);
      case 3:
        if (attribute.equals("sn") || attribute.equals("uid")) {
          return random.nextBoolean()
              ? Filter.createGreaterOrEqualFilter(attribute, value)
              : Filter.createLessOrEqualFilter(attribute, value);
        }
        return Filter.createEqualityFilter(attribute, value);
      default:
        // Equality with a value in another case (or one that nobody has).
        String v = random.nextInt(10) == 0 ? value + "x" : flipCase(random, value);
        return Filter.createEqualityFilter(attribute, v);
    }
  }

  /** A value some entry holds, so that most items match something. */
  private static String existingValue(Random random, String attribute) {
    List<String> values = new ArrayList<>();
    for (Entry entry : everything) {
      Attribute a = entry.getAttribute(attribute);
      if (a != null) {
        values.addAll(List.of(a.getValues()));
      }
    }
    return values.get(random.nextInt(values.size()));
  }

  private static String flipCase(Random random, String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      out.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
    }
    return out.toString();
  }
}
