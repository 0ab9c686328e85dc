package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.OpenLdapTool.Result;

/**
 * R-BROWSE with OpenLDAP's {@code ldapsearch}: paged results ({@code -E pr=…}), server-side sort
 * ({@code -E sss=…}) and virtual list view ({@code -E vlv=…}), on the bundled demo seed.
 */
class OpenLdapBrowseTest {
  @RegisterExtension static final ServerExtension server = ServerExtension.withDemoSeed();

  private static final String PEOPLE = "(objectClass=nhsPerson)";
  private static final Pattern VLV_RESULT = Pattern.compile("vlvResult: pos=(\\d+) count=(\\d+) context=\\S* \\(0\\) Success");

  @BeforeAll
  static void ldapsearchIsInstalled() {
    OpenLdapTool.requireInstalled("ldapsearch");
  }

  private static Result ldapsearch(String... args) {
    List<String> all = new ArrayList<>(OpenLdapTool.asAdmin(server.url(), ServerExtension.ADMIN_PASSWORD));
    all.addAll(List.of("-o", "ldif_wrap=no"));
    all.addAll(List.of(args));
    Result result = OpenLdapTool.run("ldapsearch", all);
    assertEquals(0, result.exitCode(), result::describe);
    return result;
  }

  /**
   * Runs ldapsearch with a virtual list view and lets it show one window. NOTE: after each window
   * ldapsearch reads the next one from standard input; at end of input it moves the window on by the
   * after count and asks again, for ever (it stops only when a window fails, and this server answers
   * a window past the end with the last entries). So the test answers with a word ldapsearch cannot
   * parse, and it exits (1) after printing the first window.
   */
  private static Result vlvSearch(String... args) {
    List<String> all = new ArrayList<>(OpenLdapTool.asAdmin(server.url(), ServerExtension.ADMIN_PASSWORD));
    all.addAll(List.of("-o", "ldif_wrap=no"));
    all.addAll(List.of(args));
    Result result = OpenLdapTool.run("ldapsearch", all, "stop\n", OpenLdapTool.DEFAULT_TIMEOUT);
    assertTrue(result.stdout().contains("result: 0 Success"), result::describe);
    assertTrue(result.stdout().contains("sortResult: (0) Success"), result::describe);
    assertTrue(result.stderr().contains("\"stop\""), "ldapsearch stopped at the word\n" + result.describe());
    assertEquals(1, result.exitCode(), result::describe);
    return result;
  }

  private static List<String> keys(List<String> dns) {
    List<String> keys = new ArrayList<>();
    for (String dn : dns) {
      keys.add(BrowseControlsTest.key(dn));
    }
    return keys;
  }

  /** The entries in the server's own sort order, as the UnboundID client reads them. */
  private static List<String> sortedByCn() throws LDAPException {
    try (LDAPConnection admin = SampleDirectory.openAdmin(server)) {
      var request =
          new com.unboundid.ldap.sdk.SearchRequest(Attr.BASE_DN, SearchScope.SUB, PEOPLE, "1.1");
      request.addControl(
          new com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl(
              new com.unboundid.ldap.sdk.controls.SortKey(Attr.CN)));
      List<String> dns = new ArrayList<>();
      for (SearchResultEntry entry : admin.search(request).getSearchEntries()) {
        dns.add(BrowseControlsTest.key(entry.getDN()));
      }
      return dns;
    }
  }

  /** The values of one attribute in LDIF output, an entry at a time ("" for an entry without it). */
  private static List<String> valuesPerEntry(Result result, String attribute) {
    List<String> values = new ArrayList<>();
    String current = null;
    boolean inEntry = false;
    for (String line : (result.stdout() + "\n").split("\n")) {
      if (line.startsWith("dn: ") || line.startsWith("dn:: ")) {
        inEntry = true;
        current = "";
      } else if (line.isEmpty() && inEntry) {
        values.add(current);
        inEntry = false;
      } else if (inEntry && current.isEmpty() && line.toLowerCase(Locale.ROOT).startsWith(attribute.toLowerCase(Locale.ROOT) + ": ")) {
        current = line.substring(attribute.length() + 2).toLowerCase(Locale.ROOT);
      } else if (inEntry && current.isEmpty() && line.toLowerCase(Locale.ROOT).startsWith(attribute.toLowerCase(Locale.ROOT) + ":: ")) {
        byte[] utf8 = java.util.Base64.getDecoder().decode(line.substring(attribute.length() + 3).trim());
        current = new String(utf8, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
      }
    }
    return values;
  }

  @Test
  void pagedResults_fiftyAtATime_returnEveryEntryOnce() throws LDAPException {
    Result paged = ldapsearch("-E", "pr=50/noprompt", "-b", Attr.BASE_DN, "(objectClass=*)", "1.1");

    List<String> unpaged = new ArrayList<>();
    try (LDAPConnection admin = SampleDirectory.openAdmin(server)) {
      for (SearchResultEntry entry : admin.search(Attr.BASE_DN, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries()) {
        unpaged.add(BrowseControlsTest.key(entry.getDN()));
      }
    }
    assertTrue(unpaged.size() > 150, "several pages: " + unpaged.size());
    List<String> dns = keys(paged.dns());
    assertEquals(unpaged.size(), dns.size(), "no entry twice, none missing\n" + paged.stdout());
    assertEquals(new TreeSet<>(unpaged), new TreeSet<>(dns));
    int pages = paged.stdout().split("pagedresults: estimate=", -1).length - 1;
    assertEquals((unpaged.size() + 49) / 50, pages, "ldapsearch followed the cookies\n" + paged.stdout());
    assertTrue(paged.stdout().contains("pagedresults: estimate=" + unpaged.size() + " cookie="), paged.stdout());
  }

  @Test
  void serverSideSort_bySn_returnsPeopleInSurnameOrder() {
    Result sorted = ldapsearch("-E", "sss=sn", "-b", Attr.ORGANISATIONS_DN, PEOPLE, "sn");

    List<String> surnames = valuesPerEntry(sorted, "sn");
    assertTrue(surnames.size() > 100, sorted::describe);
    for (int i = 1; i < surnames.size(); i++) {
      assertTrue(
          surnames.get(i - 1).compareTo(surnames.get(i)) <= 0,
          "sn out of order at " + i + ": " + surnames.get(i - 1) + " > " + surnames.get(i));
    }
    List<String> descending = valuesPerEntry(ldapsearch("-E", "sss=-sn", "-b", Attr.ORGANISATIONS_DN, PEOPLE, "sn"), "sn");
    java.util.Collections.reverse(descending);
    assertEquals(new TreeSet<>(surnames).size(), new TreeSet<>(descending).size());
    for (int i = 1; i < descending.size(); i++) {
      assertTrue(descending.get(i - 1).compareTo(descending.get(i)) <= 0, "sss=-sn is descending at " + i);
    }
  }

  @Test
  void virtualListView_byOffset_returnsTheFirstTenAndPrintsTheVlvResult() throws LDAPException {
    List<String> all = sortedByCn();

    Result window = vlvSearch("-E", "sss=cn", "-E", "vlv=0/9/1/0", "-b", Attr.BASE_DN, PEOPLE, "1.1");

    assertEquals(all.subList(0, 10), keys(window.dns()), window::describe);
    Matcher m = VLV_RESULT.matcher(window.stdout());
    assertTrue(m.find(), window::describe);
    assertEquals(1, Integer.parseInt(m.group(1)), "target position");
    assertEquals(all.size(), Integer.parseInt(m.group(2)), "content count");
  }

  @Test
  void virtualListView_middleWindowByOffset() throws LDAPException {
    List<String> all = sortedByCn();

    Result window = vlvSearch("-E", "sss=cn", "-E", "vlv=2/3/20/0", "-b", Attr.BASE_DN, PEOPLE, "1.1");

    assertEquals(all.subList(17, 23), keys(window.dns()), window::describe);
    Matcher m = VLV_RESULT.matcher(window.stdout());
    assertTrue(m.find(), window::describe);
    assertEquals(20, Integer.parseInt(m.group(1)));
  }

  @Test
  void virtualListView_byValue_targetsTheFirstCnAtOrAfterIt() throws LDAPException {
    List<String> all = sortedByCn();
    List<String> cns = new ArrayList<>();
    try (LDAPConnection admin = SampleDirectory.openAdmin(server)) {
      for (String dn : all) {
        cns.add(admin.getEntry(dn, Attr.CN).getAttributeValue(Attr.CN).toLowerCase(Locale.ROOT));
      }
    }
    int target = 0;
    while (cns.get(target).compareTo("m") < 0) {
      target++;
    }

    Result window = vlvSearch("-E", "sss=cn", "-E", "vlv=1/2:M", "-b", Attr.BASE_DN, PEOPLE, "cn");

    assertEquals(all.subList(target - 1, target + 3), keys(window.dns()), window::describe);
    Matcher m = VLV_RESULT.matcher(window.stdout());
    assertTrue(m.find(), window::describe);
    assertEquals(target + 1, Integer.parseInt(m.group(1)), "target position");
    assertEquals(all.size(), Integer.parseInt(m.group(2)), "content count");
  }
}
