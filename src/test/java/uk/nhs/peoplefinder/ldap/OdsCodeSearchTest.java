package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.NhsSchema;

/**
 * ODS-code search (R-SEARCH-ODS): a code in any case returns the organisation, its shared mailbox
 * and its accounts; a partial code works as a substring, on the index as on a full scan.
 */
class OdsCodeSearchTest {
  @RegisterExtension static final ServerExtension server = SearchFixture.server();

  private static List<Entry> everything;

  @BeforeAll
  static void readEverything() throws Exception {
    everything = SearchFixture.everything(server.admin());
  }

  @Test
  void aCodeInLowerCase_returnsTheOrganisationItsMailboxAndItsAccounts() throws Exception {
    Random random = new Random(101);
    for (int i = 0; i < 20; i++) {
      Entry organisation = organisations().get(random.nextInt(organisations().size()));
      String code = organisation.getAttributeValue("nhsOdsCode");
      DN orgDn = new DN(organisation.getDN(), NhsSchema.load());
      Set<String> expected = new TreeSet<>();
      for (Entry entry : everything) {
        DN dn = new DN(entry.getDN(), NhsSchema.load());
        if (dn.equals(orgDn) || dn.isDescendantOf(orgDn, false)) {
          expected.add(dn.toNormalizedString());
        }
      }
      Set<String> served = SearchFixture.served(server.admin(), Filter.createEqualityFilter("nhsOdsCode", code.toLowerCase()));
      assertTrue(served.containsAll(expected), code + ": " + expected + " within " + served);
      SearchFixture.assertSameAsBruteForce(server.admin(), everything, Filter.createEqualityFilter("nhsOdsCode", code.toLowerCase()));
    }
  }

  @Test
  void partialCodes_prefixAndInfix_returnWhatAFullScanMatches() throws Exception {
    Random random = new Random(102);
    for (int i = 0; i < 40; i++) {
      String code = organisations().get(random.nextInt(organisations().size())).getAttributeValue("nhsOdsCode");
      String part = code.substring(0, Math.min(code.length(), 2 + random.nextInt(2))).toLowerCase();
      SearchFixture.assertSameAsBruteForce(server.admin(), everything, Filter.createSubstringFilter("nhsOdsCode", part, null, null));
      String middle = code.substring(1, Math.min(code.length(), 3));
      SearchFixture.assertSameAsBruteForce(
          server.admin(), everything, Filter.createSubstringFilter("nhsOdsCode", null, new String[] {middle}, null));
    }
  }

  @Test
  void aTrustPrefix_findsTheTrustAndItsSites() throws Exception {
    Set<String> served = SearchFixture.served(server.admin(), Filter.create("(&(objectClass=nhsOrganisation)(nhsOdsCode=RZ4*))"));
    long trusts = served.stream().filter(dn -> dn.startsWith("nhsodscode=rz4,")).count();
    assertEquals(1, trusts, served.toString());
    assertTrue(served.size() > 1, "the trust's sites (RZ4xx) come too: " + served);
  }

  private static List<Entry> organisations() {
    return everything.stream().filter(e -> e.hasObjectClass("nhsOrganisation")).toList();
  }
}
