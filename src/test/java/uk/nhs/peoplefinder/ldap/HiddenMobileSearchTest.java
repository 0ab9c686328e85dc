package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.delete;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_MOBILE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.ServerSideSortResponseControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * R-HIDE through the search index and the browse controls: for anyone but the person, the NAS
 * administrator, the helpdesk and local administrators of the person's organisation, a hidden
 * mobile is unreachable by every filter family (equality, substring, presence, {@code ~=}, ANR,
 * negation, inside AND and OR), whether the search is plain, paged, sorted or a virtual list view,
 * and neither the counts the controls report nor the explain control nor the order of ranked
 * results tells a hidden number from one nobody has.
 *
 * <p>Method: priya.patel-sharma's mobile is hidden; tara.twin (same organisation) has no mobile at
 * all. For an outsider every filter must treat the two alike; and every filter over Priya's number
 * must give the same outcome as the same filter over a number nobody has.
 */
class HiddenMobileSearchTest {
  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  /** The same directory, open to anonymous reads (the fixture setting). */
  @RegisterExtension
  static final ServerExtension openServer = ServerExtension.with(b -> b.anonymousRead(true));

  private static final String EXPLAIN = "2.25.13898788690874044231628000653816355596.3.2";
  private static final String UNUSED = "+447911123456";
  private static final String TARA_TWIN = "uid=tara.twin," + FA123;
  private static final String MOHAMMED_HUSSAIN = "uid=mohammed.hussain,nhsOdsCode=A81001," + Attr.GP_DN;

  /**
   * Filters over a number: %s is the number, %g the number spaced as people write it, %i its first
   * nine characters, %m three in the middle, %a its last five and %f its last four (the last two
   * only Priya's number has in the sample).
   */
  private static final List<String> POSITIVE =
      List.of(
          "(mobile=%s)",
          "(mobile=%g)",
          "(mobile=%s*)",
          "(mobile=*%a*)",
          "(mobile=*%f)",
          "(mobile=%i*%f)",
          "(mobile=+44*%m*%f)",
          "(mobile~=%s)",
          "(mobile:=%s)",
          "(&(objectClass=nhsPerson)(mobile=*%f))",
          "(&(nhsOdsCode=FA123)(mobile=%s))",
          "(|(uid=nobody)(mobile=%s))",
          "(|(mobile=*%a*)(uid=nobody.else))",
          "(&(mobile=*)(mobile=*%f))");

  private static final List<String> NEGATIVE =
      List.of(
          "(!(mobile=%s))",
          "(!(mobile=*%f))",
          "(!(mobile=%s*))",
          "(&(objectClass=nhsPerson)(!(mobile=%s)))",
          "(|(uid=nobody)(!(mobile=*%a*)))",
          "(!(|(mobile=%s)(mobile=*)))",
          "(!(mobile=*))");

  /** ANR does not cover mobile at all: a hidden number must stay out of it whoever asks. */
  private static final List<String> ANR = List.of("(anr=%s)", "(anr=%i)", "(anr==%s)", "(anr=%f)", "(anr=%g)");

  private enum Mode {
    PLAIN,
    PAGED,
    SORTED,
    VLV
  }

  /** What one search told the client: entries in order, the count a control gave, explain counts. */
  private record Outcome(List<String> dns, int count, String explained) {}

  @BeforeAll
  static void prepare() throws LDAPException {
    for (ServerExtension each : List.of(server, openServer)) {
      try (LDAPConnection admin = SampleDirectory.openAdmin(each)) {
        // a person without a mobile: added with one (R-MOBILE), then removed by the administrator
        String tara = NewEntries.addPerson(admin, FA123, "Tara", "Twin", "+447700900777");
        assertEquals(BrowseControlsTest.key(TARA_TWIN), BrowseControlsTest.key(tara));
        admin.modify(TARA_TWIN, delete(Attr.MOBILE));
        admin.modify(SIOBHAN_ONEIL, add(Attr.NHS_ROLE, Attr.ROLE_LOCAL_ADMIN)); // local admin of FA123
      }
    }
  }

  static String filter(String shape, String number) {
    String spaced = number.substring(0, 3) + " " + number.substring(3, 7) + " " + number.substring(7);
    return shape
        .replace("%s", number)
        .replace("%g", spaced)
        .replace("%i", number.substring(0, 9))
        .replace("%m", number.substring(5, 8))
        .replace("%a", number.substring(8))
        .replace("%f", number.substring(9));
  }

  private static Outcome search(LDAPConnection connection, String filter, Mode mode) throws LDAPException {
    List<Control> controls = new ArrayList<>();
    controls.add(new Control(EXPLAIN, false));
    if (mode == Mode.SORTED || mode == Mode.VLV) {
      controls.add(new ServerSideSortRequestControl(false, new SortKey(Attr.CN)));
    }
    if (mode == Mode.VLV) {
      controls.add(new VirtualListViewRequestControl(1, 0, 999, 0, null));
    }
    List<String> dns = new ArrayList<>();
    int count = -1;
    String explained = "";
    ASN1OctetString cookie = null;
    do {
      SearchRequest request = new SearchRequest(Attr.ORGANISATIONS_DN, SearchScope.SUB, filter, "1.1");
      List<Control> all = new ArrayList<>(controls);
      if (mode == Mode.PAGED) {
        all.add(new SimplePagedResultsControl(2, cookie, false));
      }
      request.setControls(all);
      SearchResult result = connection.search(request);
      for (SearchResultEntry entry : result.getSearchEntries()) {
        dns.add(BrowseControlsTest.key(entry.getDN()));
      }
      explained += counts(result) + " | ";
      if (mode == Mode.PAGED) {
        SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
        count = paged.getSize();
        cookie = paged.getCookie();
      } else if (mode == Mode.VLV) {
        count = VirtualListViewResponseControl.get(result).getContentCount();
      }
    } while (cookie != null && cookie.getValueLength() > 0);
    return new Outcome(dns, count, explained);
  }

  /** Hit counts, which only administrators are shown (for anyone else they would be an oracle). */
  private static final Pattern COUNTS =
      Pattern.compile(
          "served by (the store's exact-value index \\((\\d+) candidates\\)|the store's exact-value index|the search index)"
              + ".*?; (?:(\\d+) hits read, (\\d+) dropped by access rules, (\\d+) not matching when checked, )?(\\d+) sent",
          Pattern.DOTALL);

  /** How the explain text says the search was served and what it counted, without the filter itself. */
  private static String counts(SearchResult result) {
    Control control = result.getResponseControl(EXPLAIN);
    assertNotNull(control, "explain response control");
    String text = control.getValue().stringValue();
    assertTrue(result.getDiagnosticMessage().contains(text), "the diagnostic message carries the explanation");
    Matcher m = COUNTS.matcher(text);
    assertTrue(m.find(), "explain text: " + text);
    String servedBy =
        m.group(1).startsWith("the search index")
            ? "search index"
            : "store index" + (m.group(2) == null ? "" : ", " + m.group(2) + " candidates");
    String hits = m.group(3) == null ? "" : "; read " + m.group(3) + ", dropped " + m.group(4) + ", not matching " + m.group(5);
    return servedBy + hits + ", sent " + m.group(6);
  }

  private static Map<String, LDAPConnection> outsiders() throws LDAPException {
    return Map.of(
        "an ordinary person of another organisation", SampleDirectory.bindAsPerson(server, JOHN_SMITH2),
        "a local administrator of another organisation", SampleDirectory.bindAsPerson(server, MOHAMMED_HUSSAIN),
        "an ordinary person of the same organisation", SampleDirectory.bindAsPerson(server, JOHN_SMITH),
        "anonymous (anonymous reads open)", openServer.anonymous());
  }

  // ---------------------------------------------------------------- outsiders

  @Test
  void everyFilterFamily_inEveryMode_asAnOutsider_treatsTheHiddenMobileAsAbsent() throws LDAPException {
    String priya = BrowseControlsTest.key(PRIYA_PATEL_SHARMA);
    String tara = BrowseControlsTest.key(TARA_TWIN);
    for (Map.Entry<String, LDAPConnection> outsider : outsiders().entrySet()) {
      for (Mode mode : Mode.values()) {
        for (List<String> shapes : List.of(POSITIVE, NEGATIVE, ANR)) {
          for (String shape : shapes) {
            String f = filter(shape, PRIYA_MOBILE);
            String what = outsider.getKey() + ", " + mode + ", " + f;
            List<String> found = search(outsider.getValue(), f, mode).dns();
            assertEquals(shapes == NEGATIVE, found.contains(priya), what);
            assertEquals(found.contains(tara), found.contains(priya), what + ": Priya is treated as Tara, who has no mobile");
          }
        }
        // presence does not single out the holders of hidden mobiles
        List<String> present = search(outsider.getValue(), "(mobile=*)", mode).dns();
        assertFalse(present.contains(priya), outsider.getKey() + " " + mode);
        assertFalse(present.contains(tara));
        assertTrue(present.contains(BrowseControlsTest.key(JOHN_SMITH)), "visible mobiles are still found");
      }
    }
  }

  @Test
  void filtersOverTheHiddenNumber_asAnOutsider_tellNothingThatANumberNobodyHasWouldNot() throws LDAPException {
    for (Map.Entry<String, LDAPConnection> outsider : outsiders().entrySet()) {
      for (Mode mode : Mode.values()) {
        for (List<String> shapes : List.of(POSITIVE, NEGATIVE, ANR)) {
          for (String shape : shapes) {
            Outcome hidden = search(outsider.getValue(), filter(shape, PRIYA_MOBILE), mode);
            Outcome nobodys = search(outsider.getValue(), filter(shape, UNUSED), mode);
            String what = outsider.getKey() + ", " + mode + ", " + shape;
            assertEquals(nobodys.dns(), hidden.dns(), what + ": entries and their order");
            assertEquals(nobodys.count(), hidden.count(), what + ": paged size or VLV content count");
            assertEquals(nobodys.explained(), hidden.explained(), what + ": explain counts");
          }
        }
      }
    }
  }

  @Test
  void rankedResults_asAnOutsider_areOrderedAlikeForTheHiddenNumberAndANumberNobodyHas() throws LDAPException {
    LDAPConnection outsider = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    String shape = "(|(cn=*a*)(mobile=*%f)(mobile=%s*)(mobile~=%s))";
    Outcome hidden = search(outsider, filter(shape, PRIYA_MOBILE), Mode.PLAIN);
    Outcome nobodys = search(outsider, filter(shape, UNUSED), Mode.PLAIN);
    assertTrue(hidden.dns().contains(BrowseControlsTest.key(PRIYA_PATEL_SHARMA)), "Priya is found by her name");
    assertEquals(nobodys.dns(), hidden.dns(), "the ranking does not lift the holder of the hidden number");
  }

  @Test
  void sortByMobile_isRefused() throws LDAPException {
    LDAPConnection outsider = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    SearchRequest nonCritical = new SearchRequest(FA123, SearchScope.SUB, "(objectClass=nhsPerson)", "1.1");
    nonCritical.addControl(new ServerSideSortRequestControl(false, new SortKey(Attr.MOBILE)));
    SearchResult result = outsider.search(nonCritical);
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, ServerSideSortResponseControl.get(result).getResultCode());

    SearchRequest critical = new SearchRequest(FA123, SearchScope.SUB, "(objectClass=nhsPerson)", "1.1");
    critical.addControl(new ServerSideSortRequestControl(true, new SortKey(Attr.MOBILE, true)));
    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> outsider.search(critical));
    assertEquals(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, e.getResultCode());

    SearchRequest vlv = new SearchRequest(FA123, SearchScope.SUB, "(objectClass=nhsPerson)", "1.1");
    vlv.addControl(new ServerSideSortRequestControl(true, new SortKey(Attr.MOBILE)));
    vlv.addControl(new VirtualListViewRequestControl(PRIYA_MOBILE, 0, 0, null));
    LDAPSearchException typed = assertThrows(LDAPSearchException.class, () -> outsider.search(vlv));
    assertEquals(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, typed.getResultCode());
    assertEquals(0, typed.getEntryCount());
  }

  // ---------------------------------------------------------------- those entitled to see it

  @Test
  void thePerson_administrators_helpdesk_andLocalAdministratorsOfHerOrganisation_findHerByIt_inEveryMode()
      throws LDAPException {
    String priya = BrowseControlsTest.key(PRIYA_PATEL_SHARMA);
    Map<String, LDAPConnection> entitled =
        Map.of(
            "Priya herself", SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA),
            "the NAS administrator", server.admin(),
            "the helpdesk", server.helpdesk(),
            "a local administrator of FA123", SampleDirectory.bindAsPerson(server, SIOBHAN_ONEIL));
    for (Map.Entry<String, LDAPConnection> who : entitled.entrySet()) {
      for (Mode mode : Mode.values()) {
        for (String shape : POSITIVE) {
          String f = filter(shape, PRIYA_MOBILE);
          assertTrue(search(who.getValue(), f, mode).dns().contains(priya), who.getKey() + ", " + mode + ", " + f);
        }
        for (String shape : NEGATIVE) {
          String f = filter(shape, PRIYA_MOBILE);
          assertFalse(search(who.getValue(), f, mode).dns().contains(priya), who.getKey() + ", " + mode + ", " + f);
        }
        assertTrue(search(who.getValue(), "(mobile=*)", mode).dns().contains(priya), who.getKey() + " " + mode);
        assertFalse(
            search(who.getValue(), filter("(mobile=%s)", UNUSED), mode).dns().contains(priya), who.getKey());
      }
    }
  }

  @Test
  void anOrdinaryPersonOfTheOrganisation_whoIsNotALocalAdministrator_doesNotFindHerByIt() throws LDAPException {
    // John Smith works at FA123 too (an owner of its mailbox) but administers nothing
    LDAPConnection colleague = SampleDirectory.bindAsPerson(server, JOHN_SMITH);
    for (Mode mode : Mode.values()) {
      assertTrue(search(colleague, filter("(mobile=%s)", PRIYA_MOBILE), mode).dns().isEmpty(), mode.toString());
    }
  }
}
