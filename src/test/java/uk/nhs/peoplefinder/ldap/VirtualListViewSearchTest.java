package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.CaseIgnoreStringMatchingRule;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;

/**
 * Virtual list view by offset (R-BROWSE) against brute force: the window at any offset is that
 * slice of every matching entry sorted by the attribute, ascending and descending, also once
 * writes have split the index into several segments.
 */
class VirtualListViewSearchTest {
  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;
  private static java.util.Map<String, Entry> byDn;
  private static LDAPConnection admin;

  @BeforeAll
  static void writeSomeAndReadEverything() throws Exception {
    // later writes land in new index segments: the window must merge their orders
    for (int i = 0; i < 30; i++) {
      Entry person = new Entry("uid=new,nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net");
      person.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson");
      person.addAttribute("givenName", "Vera" + (char) ('a' + i % 26));
      person.addAttribute("sn", "Window" + i);
      person.addAttribute("nhsAccountStatus", "pending");
      person.addAttribute("mobile", "+4477009" + (10000 + i));
      person.addAttribute("nhsAltEmail", "vera" + i + "@example.com");
      server.server().pipeline().submit(Requester.SYSTEM, new Change.Add(person, true));
      server.admin().search(SearchFixture.BASE, SearchScope.SUB, "(sn=window*)", "1.1"); // a refresh per write
    }
    everything = SearchFixture.everything(server.admin());
    byDn = new java.util.HashMap<>();
    for (Entry entry : everything) {
      byDn.put(SearchFixture.normalised(entry.getDN()), entry);
    }
  }

  @org.junit.jupiter.api.BeforeEach
  void connect() throws Exception {
    admin = server.admin();
  }

  @Test
  void windowsAtRandomOffsets_areSlicesOfTheSortedResult() throws Exception {
    Random random = new Random(111);
    for (String attribute : List.of("cn", "sn", "mail")) {
      for (boolean reverse : new boolean[] {false, true}) {
        List<String> sorted = sortedValues("(objectClass=nhsPerson)", attribute, reverse);
        for (int i = 0; i < 15; i++) {
          int offset = 1 + random.nextInt(sorted.size());
          int before = random.nextInt(4);
          int after = random.nextInt(6);
          Window window = window("(objectClass=nhsPerson)", attribute, reverse, offset, before, after);
          int from = Math.max(0, offset - 1 - before);
          int to = Math.min(sorted.size(), offset + after);
          assertEquals(sorted.subList(from, to), window.values(), attribute + (reverse ? " desc" : "") + " @" + offset);
          assertEquals(offset, window.targetPosition());
          assertEquals(sorted.size(), window.contentCount());
        }
      }
    }
  }

  @Test
  void aFilteredList_isWindowedToo() throws Exception {
    List<String> sorted = sortedValues("(&(mail=*)(sn=m*))", "sn", false);
    Window middle = window("(&(mail=*)(sn=m*))", "sn", false, sorted.size() / 2, 2, 2);
    assertEquals(sorted.subList(sorted.size() / 2 - 3, sorted.size() / 2 + 2), middle.values());
    Window pastTheEnd = window("(&(mail=*)(sn=m*))", "sn", false, sorted.size() + 50, 1, 3);
    assertEquals(sorted.subList(sorted.size() - 2, sorted.size()), pastTheEnd.values());
    assertEquals(sorted.size(), pastTheEnd.targetPosition(), "past the end targets the last entry");
  }

  private record Window(List<String> values, int targetPosition, int contentCount) {}

  private static Window window(String filter, String attribute, boolean reverse, int offset, int before, int after)
      throws Exception {
    SearchRequest request = new SearchRequest(SearchFixture.BASE, SearchScope.SUB, Filter.create(filter), attribute);
    request.addControl(new ServerSideSortRequestControl(new SortKey(attribute, reverse)));
    request.addControl(new VirtualListViewRequestControl(offset, before, after, 0, null));
    SearchResult result = admin.search(request);
    List<String> values = new ArrayList<>();
    for (SearchResultEntry entry : result.getSearchEntries()) {
      values.add(sortValue(entry, attribute, reverse));
    }
    VirtualListViewResponseControl response = VirtualListViewResponseControl.get(result);
    return new Window(values, response.getTargetPosition(), response.getContentCount());
  }

  /** The attribute's sort value of every matching entry, sorted as RFC 2891 says. */
  private static List<String> sortedValues(String filter, String attribute, boolean reverse) throws Exception {
    List<String> values = new ArrayList<>();
    for (String dn : SearchFixture.bruteForce(everything, Filter.create(filter))) {
      Entry entry = byDn.get(dn);
      values.add(sortValue(entry, attribute, reverse));
    }
    Comparator<String> bytes = Comparator.comparing(v -> v.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned);
    Comparator<String> order = reverse ? bytes.reversed() : bytes;
    values.sort(Comparator.nullsLast(order));
    return values;
  }

  /** The normalised value an entry sorts by: its smallest (largest, descending); null when it has none. */
  private static String sortValue(Entry entry, String attribute, boolean reverse) throws Exception {
    String[] raw = entry.getAttributeValues(attribute);
    if (raw == null) {
      return null;
    }
    String best = null;
    for (String value : raw) {
      String normalised =
          CaseIgnoreStringMatchingRule.getInstance().normalize(new ASN1OctetString(value)).stringValue();
      int cmp = best == null ? 0 : Arrays.compareUnsigned(normalised.getBytes(StandardCharsets.UTF_8), best.getBytes(StandardCharsets.UTF_8));
      if (best == null || (reverse ? cmp > 0 : cmp < 0)) {
        best = normalised;
      }
    }
    return best;
  }
}
