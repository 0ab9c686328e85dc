package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * R-BROWSE end to end with the UnboundID client: simple paged results (RFC 2696), server-side sort
 * (RFC 2891) and virtual list view (draft-ietf-ldapext-ldapv3-vlv-09) over a pharmacy of 300
 * people added over LDAP, and R-MEMBERS for each of them (a mailbox hidden from address lists).
 *
 * <p>One server for the class: the tests that write do so in organisations of their own.
 */
class BrowseControlsTest {
  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  /** 300 people, every pair of these names once. */
  static final String FB100 = "nhsOdsCode=FB100," + PHARMACY;

  static final List<String> GIVEN_NAMES =
      List.of(
          "Aaron", "Beatrice", "Callum", "Deborah", "Ellis", "Fatima", "George", "Hannah", "Imran", "Jessica",
          "Kieran", "Leah", "Mohammed", "Niamh", "Oliver", "Priya", "Quentin", "Rosa", "Samuel", "Tegan");

  /** Mixed case on purpose: "de Souza" sorts between Davies and Evans only if case is ignored. */
  static final List<String> SURNAMES =
      List.of(
          "Wright", "Ahmed", "Brown", "Clarke", "de Souza", "Davies", "Evans", "Fraser", "Green", "Hughes",
          "Jones", "McDonald", "Nowak", "O'Brien", "Patel");

  static final int PEOPLE = GIVEN_NAMES.size() * SURNAMES.size();
  static final String PEOPLE_FILTER = "(objectClass=nhsPerson)";

  private static LDAPConnection admin;

  @BeforeAll
  static void addThreeHundredPeople() throws LDAPException {
    admin = SampleDirectory.openAdmin(server);
    admin.add(NewEntries.organisation("FB100", "Pharmacy", "pharmacy", "Browse Pharmacy", "Leeds", "active"));
    int i = 0;
    for (String sn : SURNAMES) {
      for (String givenName : GIVEN_NAMES) {
        NewEntries.addPerson(admin, FB100, givenName, sn, mobile(100_000 + i++));
      }
    }
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  static String mobile(int n) {
    return String.format(Locale.ROOT, "+4477%08d", n);
  }

  // ---------------------------------------------------------------- helpers

  private static SearchRequest request(String base, String filter, Control... controls) throws LDAPException {
    SearchRequest request =
        new SearchRequest(base, SearchScope.SUB, filter, Attr.CN, Attr.SN, Attr.GIVEN_NAME);
    request.setControls(controls);
    return request;
  }

  private static List<String> dns(SearchResult result) {
    List<String> dns = new ArrayList<>();
    for (SearchResultEntry entry : result.getSearchEntries()) {
      dns.add(key(entry.getDN()));
    }
    return dns;
  }

  static String key(String dn) {
    try {
      return new DN(dn).toNormalizedString();
    } catch (LDAPException e) {
      throw new AssertionError("not a DN: " + dn, e);
    }
  }

  private static ServerSideSortRequestControl sort(SortKey... keys) {
    return new ServerSideSortRequestControl(false, keys);
  }

  /** Reads every page of the search and returns the DNs in the order received. */
  static List<String> allPages(LDAPConnection connection, SearchRequest request, int pageSize)
      throws LDAPException {
    List<String> dns = new ArrayList<>();
    ASN1OctetString cookie = null;
    Control[] others = request.getControls();
    int pages = 0;
    do {
      List<Control> controls = new ArrayList<>(List.of(others));
      controls.add(new SimplePagedResultsControl(pageSize, cookie, false));
      SearchRequest page = request.duplicate();
      page.setControls(controls);
      SearchResult result = connection.search(page);
      assertTrue(result.getEntryCount() <= pageSize, "a page holds at most the page size");
      dns.addAll(dns(result));
      SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
      assertNotNull(response, "paged results response control");
      cookie = response.getCookie();
      assertTrue(++pages < 10_000, "the paged search ends");
    } while (cookie != null && cookie.getValueLength() > 0);
    return dns;
  }

  private static void assertNoDuplicates(List<String> dns) {
    Set<String> seen = new HashSet<>();
    for (String dn : dns) {
      assertTrue(seen.add(dn), () -> "returned twice: " + dn);
    }
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static List<String> values(SearchResult result, String attribute) {
    List<String> values = new ArrayList<>();
    for (SearchResultEntry entry : result.getSearchEntries()) {
      values.add(lower(entry.getAttributeValue(attribute)));
    }
    return values;
  }

  private static void assertAscending(List<String> values, String what) {
    for (int i = 1; i < values.size(); i++) {
      assertTrue(
          values.get(i - 1).compareTo(values.get(i)) <= 0,
          what + " out of order at " + i + ": " + values.get(i - 1) + " > " + values.get(i));
    }
  }

  // ---------------------------------------------------------------- simple paged results

  @Test
  void pagedResults_pagesConcatenate_toExactlyTheUnpagedResult() throws LDAPException {
    SearchRequest everything = request(FB100, "(objectClass=*)");
    List<String> unpaged = dns(admin.search(everything));
    assertEquals(PEOPLE + 1, unpaged.size(), "300 people and the organisation");

    for (int pageSize : List.of(1, 37, 100, PEOPLE + 1, 1000)) {
      List<String> paged = allPages(admin, everything, pageSize);
      assertNoDuplicates(paged);
      assertEquals(unpaged, paged, "page size " + pageSize);
    }
  }

  @Test
  void pagedResults_rankedSubstringFilter_pagesConcatenateToTheUnpagedRanking() throws LDAPException {
    // ranked best first: an exact value, a whole word, a prefix, then other substrings
    SearchRequest ranked = request(FB100, "(|(sn=jones)(cn=*an*)(givenName=ros*))");
    List<String> unpaged = dns(admin.search(ranked));
    assertTrue(unpaged.size() > 100, "the filter finds many: " + unpaged.size());
    List<String> paged = allPages(admin, ranked, 23);
    assertNoDuplicates(paged);
    assertEquals(unpaged, paged);
  }

  @Test
  void pagedResults_responseEstimatesTheTotal_andTheLastPageHasAnEmptyCookie() throws LDAPException {
    SearchRequest first = request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(250, null, false));
    SearchResult page1 = admin.search(first);
    SimplePagedResultsControl response = SimplePagedResultsControl.get(page1);
    assertEquals(250, page1.getEntryCount());
    assertEquals(PEOPLE, response.getSize(), "estimate of the whole result");
    assertTrue(response.moreResultsToReturn());

    SearchRequest second =
        request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(250, response.getCookie(), false));
    SearchResult page2 = admin.search(second);
    assertEquals(PEOPLE - 250, page2.getEntryCount());
    assertFalse(SimplePagedResultsControl.get(page2).moreResultsToReturn(), "no cookie after the last page");
  }

  @Test
  void pagedResults_withSort_concatenateToTheSortedResult() throws LDAPException {
    ServerSideSortRequestControl bySurnameDescending = sort(new SortKey(Attr.SN, true));
    SearchRequest sorted = request(FB100, PEOPLE_FILTER, bySurnameDescending);
    List<String> unpaged = dns(admin.search(sorted));
    List<String> paged = allPages(admin, sorted, 41);
    assertNoDuplicates(paged);
    assertEquals(unpaged, paged);
    assertEquals(PEOPLE, paged.size());
  }

  @Test
  void pagedResults_entriesAddedAndDeletedBetweenPages_areNeitherLostNorRepeated() throws LDAPException {
    String fb200 = "nhsOdsCode=FB200," + PHARMACY;
    admin.add(NewEntries.organisation("FB200", "Pharmacy", "pharmacy", "Cursor Pharmacy", "York", "active"));
    List<String> people = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String given = GIVEN_NAMES.get(i % GIVEN_NAMES.size());
      String sn = List.of("Kelly", "Lopez", "Moore").get(i / GIVEN_NAMES.size());
      people.add(key(NewEntries.addPerson(admin, fb200, given, sn, mobile(200_000 + i))));
    }
    // cn order: "Aaron Kelly …", "Aaron Lopez …", "Aaron Moore …", "Beatrice Kelly …", …
    SearchRequest search = request(fb200, PEOPLE_FILTER);
    List<String> before = dns(admin.search(search));
    assertEquals(60, before.size());

    SearchRequest firstPage = request(fb200, PEOPLE_FILTER, new SimplePagedResultsControl(20, null, false));
    SearchResult page1 = admin.search(firstPage);
    List<String> seen = new ArrayList<>(dns(page1));
    assertEquals(before.subList(0, 20), seen);
    ASN1OctetString cookie = SimplePagedResultsControl.get(page1).getCookie();

    // between pages: delete one already sent and one not yet sent; add one that sorts before the
    // cursor and one after it; rename one not yet sent so that it moves before the cursor
    String sentAndDeleted = seen.get(5);
    String unsentAndDeleted = before.get(40);
    String movedBehind = before.get(30);
    admin.delete(sentAndDeleted);
    admin.delete(unsentAndDeleted);
    String addedBehind = key(NewEntries.addPerson(admin, fb200, "Aaliyah", "Abbott", mobile(200_100)));
    String addedAhead = key(NewEntries.addPerson(admin, fb200, "Zachary", "Young", mobile(200_101)));
    admin.modify(movedBehind, replace(Attr.GIVEN_NAME, "Abigail"));

    ASN1OctetString next = cookie;
    while (next != null && next.getValueLength() > 0) {
      SearchResult page = admin.search(request(fb200, PEOPLE_FILTER, new SimplePagedResultsControl(20, next, false)));
      seen.addAll(dns(page));
      next = SimplePagedResultsControl.get(page).getCookie();
    }

    assertNoDuplicates(seen);
    Set<String> expected = new LinkedHashSet<>(before);
    expected.remove(unsentAndDeleted);
    expected.remove(movedBehind); // now sorts before the cursor: the client was past its new place
    expected.add(addedAhead);
    assertEquals(expected, new LinkedHashSet<>(seen), "every entry neither deleted nor moved behind the cursor");
    assertFalse(seen.contains(addedBehind), "an entry added before the cursor is not sent");
    assertEquals(addedAhead, seen.get(seen.size() - 1), "Zachary Young sorts last");
  }

  @Test
  void pagedResults_forgedOrForeignCookie_isUnwillingToPerform() throws LDAPException {
    SearchResult page1 =
        admin.search(request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(10, null, false)));
    ASN1OctetString cookie = SimplePagedResultsControl.get(page1).getCookie();
    assertTrue(cookie.getValueLength() > 0);

    ASN1OctetString forged = new ASN1OctetString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    List<SearchRequest> refused =
        List.of(
            request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(10, forged, false)),
            // the same cookie for another filter, another base, another order
            request(FB100, "(objectClass=*)", new SimplePagedResultsControl(10, cookie, false)),
            request(FA123, PEOPLE_FILTER, new SimplePagedResultsControl(10, cookie, false)),
            request(
                FB100,
                PEOPLE_FILTER,
                new SimplePagedResultsControl(10, cookie, false),
                sort(new SortKey(Attr.SN))));
    for (SearchRequest request : refused) {
      LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(request));
      assertEquals(ResultCode.UNWILLING_TO_PERFORM, e.getResultCode(), request.toString());
      assertTrue(e.getDiagnosticMessage().contains("cookie"), e.getDiagnosticMessage());
    }

    // a cookie is tied to the requester too
    LDAPConnection other = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS);
    LDAPSearchException e =
        assertThrows(
            LDAPSearchException.class,
            () -> other.search(request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(10, cookie, false))));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, e.getResultCode());

    // and the genuine cookie still works
    SearchResult page2 =
        admin.search(request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(10, cookie, false)));
    assertEquals(10, page2.getEntryCount());
  }

  @Test
  void pagedResults_pageSizeZero_endsThePagedSearch() throws LDAPException {
    SearchResult page1 =
        admin.search(request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(10, null, false)));
    ASN1OctetString cookie = SimplePagedResultsControl.get(page1).getCookie();

    SearchResult end = admin.search(request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(0, cookie, false)));

    assertEquals(ResultCode.SUCCESS, end.getResultCode());
    assertEquals(0, end.getEntryCount(), "no entries after page size 0");
    assertFalse(SimplePagedResultsControl.get(end).moreResultsToReturn(), "an empty cookie ends it");
  }

  @Test
  void pagedResults_sizeLimitBelowThePageSize_isSizeLimitExceeded() throws LDAPException {
    SearchRequest limited = request(FB100, PEOPLE_FILTER, new SimplePagedResultsControl(50, null, false));
    limited.setSizeLimit(7);

    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(limited));

    assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, e.getResultCode());
    assertEquals(7, e.getEntryCount());
  }

  // ---------------------------------------------------------------- server-side sort

  @Test
  void sort_bySurname_ascendingAndDescending_ignoresCase() throws LDAPException {
    SearchResult ascending = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN))));
    SearchResult descending = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN, true))));

    assertEquals(ResultCode.SUCCESS, ServerSideSortResponseControl.get(ascending).getResultCode());
    List<String> up = values(ascending, Attr.SN);
    assertEquals(PEOPLE, up.size());
    assertAscending(up, "sn");
    List<String> down = values(descending, Attr.SN);
    List<String> reversed = new ArrayList<>(down);
    java.util.Collections.reverse(reversed);
    assertAscending(reversed, "sn descending");
    int davies = up.indexOf("davies");
    int deSouza = up.indexOf("de souza");
    int evans = up.indexOf("evans");
    assertTrue(davies < deSouza && deSouza < evans, "de Souza between Davies and Evans: " + up);
    assertEquals("wright", down.get(0));
    assertEquals("ahmed", up.get(0));
  }

  @Test
  void sort_byCn_ascendingAndDescending_areExactOpposites() throws LDAPException {
    SearchResult ascending = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.CN))));
    SearchResult descending = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.CN, true))));

    List<String> up = values(ascending, Attr.CN);
    List<String> expected = new ArrayList<>(up);
    expected.sort(Comparator.naturalOrder());
    assertEquals(expected, up, "cn ascending");
    List<String> down = dns(descending);
    java.util.Collections.reverse(down);
    assertEquals(dns(ascending), down, "cn descending is ascending backwards (every cn differs)");
  }

  @Test
  void sort_byTwoKeys_surnameThenGivenNameDescending() throws LDAPException {
    SearchResult result =
        admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN), new SortKey(Attr.GIVEN_NAME, true))));

    List<String> sn = values(result, Attr.SN);
    List<String> given = values(result, Attr.GIVEN_NAME);
    assertEquals(PEOPLE, sn.size());
    for (int i = 1; i < sn.size(); i++) {
      int bySurname = sn.get(i - 1).compareTo(sn.get(i));
      assertTrue(bySurname <= 0, "sn out of order at " + i);
      if (bySurname == 0) {
        assertTrue(given.get(i - 1).compareTo(given.get(i)) > 0, "givenName not descending at " + i);
      }
    }
    assertEquals("tegan", given.get(0), "Ahmed, Tegan first");
  }

  @Test
  void sort_entriesWithoutTheAttribute_comeLastInEitherDirection() throws LDAPException {
    String organisation = key(FB100);
    for (boolean reverse : List.of(false, true)) {
      List<String> dns =
          dns(admin.search(request(FB100, "(objectClass=*)", sort(new SortKey(Attr.GIVEN_NAME, reverse)))));
      assertEquals(PEOPLE + 1, dns.size());
      assertEquals(organisation, dns.get(dns.size() - 1), "the organisation has no givenName; reverse " + reverse);
    }
  }

  @Test
  void sort_unknownAttribute_nonCritical_isNoSuchAttributeWithUnsortedResults() throws LDAPException {
    SearchResult result = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey("noSuchAttributeType"))));

    ServerSideSortResponseControl response = ServerSideSortResponseControl.get(result);
    assertNotNull(response);
    assertEquals(ResultCode.NO_SUCH_ATTRIBUTE, response.getResultCode());
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    assertEquals(PEOPLE, result.getEntryCount(), "the search itself is answered");
  }

  @Test
  void sort_byMobile_nonCritical_isUnwillingToPerform_andCritical_isUnavailableCriticalExtension()
      throws LDAPException {
    SearchResult result = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.MOBILE))));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, ServerSideSortResponseControl.get(result).getResultCode());
    assertEquals(PEOPLE, result.getEntryCount());
    assertEquals(dns(admin.search(request(FB100, PEOPLE_FILTER))), dns(result), "the default (cn) order");

    SearchRequest critical =
        request(FB100, PEOPLE_FILTER, new ServerSideSortRequestControl(true, new SortKey(Attr.MOBILE)));
    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(critical));
    assertEquals(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, e.getResultCode());
    assertEquals(0, e.getEntryCount());
    assertTrue(e.getDiagnosticMessage().contains(Attr.MOBILE), e.getDiagnosticMessage());
    ServerSideSortResponseControl response = ServerSideSortResponseControl.get(e.getSearchResult());
    assertNotNull(response, "the sort response rides on the failure");
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, response.getResultCode());
  }

  @Test
  void sort_orderingRule_caseIgnoreOrderingIsAccepted_othersAreInappropriateMatching() throws LDAPException {
    SearchResult named = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN, "caseIgnoreOrderingMatch", false))));
    assertEquals(ResultCode.SUCCESS, ServerSideSortResponseControl.get(named).getResultCode());
    assertAscending(values(named, Attr.SN), "sn");

    SearchResult other = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN, "1.2.3.4.5", false))));
    assertEquals(ResultCode.INAPPROPRIATE_MATCHING, ServerSideSortResponseControl.get(other).getResultCode());
  }

  // ---------------------------------------------------------------- virtual list view

  /** Everyone in FB100 in cn order, as the server sorts without a window. */
  private static List<String> byCn() throws LDAPException {
    return dns(admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.CN)))));
  }

  private static SearchResult window(VirtualListViewRequestControl vlv, SortKey... keys) throws LDAPException {
    return admin.search(request(FB100, PEOPLE_FILTER, sort(keys.length == 0 ? new SortKey[] {new SortKey(Attr.CN)} : keys), vlv));
  }

  @Test
  void vlv_byOffset_firstMiddleAndPastTheEnd() throws LDAPException {
    List<String> all = byCn();
    assertEquals(PEOPLE, all.size());

    SearchResult first = window(new VirtualListViewRequestControl(1, 0, 9, 0, null));
    VirtualListViewResponseControl response = VirtualListViewResponseControl.get(first);
    assertEquals(1, response.getTargetPosition());
    assertEquals(PEOPLE, response.getContentCount());
    assertEquals(ResultCode.SUCCESS, response.getResultCode());
    assertEquals(all.subList(0, 10), dns(first));

    SearchResult middle = window(new VirtualListViewRequestControl(150, 2, 3, 0, null));
    assertEquals(150, VirtualListViewResponseControl.get(middle).getTargetPosition());
    assertEquals(all.subList(147, 153), dns(middle), "two before the 150th, the 150th and three after");

    SearchResult past = window(new VirtualListViewRequestControl(PEOPLE + 50, 2, 5, 0, null));
    assertEquals(PEOPLE, VirtualListViewResponseControl.get(past).getTargetPosition(), "the last entry");
    assertEquals(all.subList(PEOPLE - 3, PEOPLE), dns(past));

    SearchResult start = window(new VirtualListViewRequestControl(2, 5, 1, 0, null));
    assertEquals(all.subList(0, 3), dns(start), "before count cut short at the start of the list");
  }

  @Test
  void vlv_byOffset_clientContentCountDifferentFromTheServers_isScaled() throws LDAPException {
    List<String> all = byCn();

    // Si = Sc * Ci / Cc: half way through the client's 10 is half way through the server's 300
    SearchResult half = window(new VirtualListViewRequestControl(5, 0, 0, 10, null));
    assertEquals(150, VirtualListViewResponseControl.get(half).getTargetPosition());
    assertEquals(PEOPLE, VirtualListViewResponseControl.get(half).getContentCount());
    assertEquals(List.of(all.get(149)), dns(half));

    // Ci = Cc: the last entry
    SearchResult last = window(new VirtualListViewRequestControl(10, 1, 0, 10, null));
    assertEquals(PEOPLE, VirtualListViewResponseControl.get(last).getTargetPosition());
    assertEquals(all.subList(PEOPLE - 2, PEOPLE), dns(last));

    // Ci = 1, Cc != 1: the first entry (draft-ietf-ldapext-ldapv3-vlv-09 §5)
    SearchResult first = window(new VirtualListViewRequestControl(1, 0, 1, 10, null));
    assertEquals(1, VirtualListViewResponseControl.get(first).getTargetPosition());
    assertEquals(all.subList(0, 2), dns(first));
  }

  @Test
  void vlv_byAssertionValue_targetsTheFirstEntryAtOrAfterIt() throws LDAPException {
    SearchResult bySurname = admin.search(request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.SN), new SortKey(Attr.CN))));
    List<String> all = dns(bySurname);
    List<String> surnames = values(bySurname, Attr.SN);
    int firstM = surnames.indexOf("mcdonald"); // the first surname at or after "m"

    SearchResult typed =
        window(new VirtualListViewRequestControl("m", 2, 3, null), new SortKey(Attr.SN), new SortKey(Attr.CN));

    VirtualListViewResponseControl response = VirtualListViewResponseControl.get(typed);
    assertEquals(firstM + 1, response.getTargetPosition());
    assertEquals(PEOPLE, response.getContentCount());
    assertEquals(all.subList(firstM - 2, firstM + 4), dns(typed));
    assertEquals("mcdonald", lower(typed.getSearchEntries().get(2).getAttributeValue(Attr.SN)));

    // descending: the first entry whose value is at or before the assertion
    SearchResult down = window(new VirtualListViewRequestControl("m", 0, 0, null), new SortKey(Attr.SN, true));
    assertEquals("jones", lower(down.getSearchEntries().get(0).getAttributeValue(Attr.SN)));

    // no entry at or after: target position contentCount + 1, the entries before it still sent
    SearchResult beyond = window(new VirtualListViewRequestControl("zzz", 2, 2, null), new SortKey(Attr.SN), new SortKey(Attr.CN));
    assertEquals(PEOPLE + 1, VirtualListViewResponseControl.get(beyond).getTargetPosition());
    assertEquals(all.subList(PEOPLE - 2, PEOPLE), dns(beyond));
  }

  @Test
  void vlv_withoutASortControl_isSortControlMissing() throws LDAPException {
    SearchRequest request = request(FB100, PEOPLE_FILTER, new VirtualListViewRequestControl(1, 0, 9, 0, null));

    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(request));

    assertEquals(ResultCode.SORT_CONTROL_MISSING, e.getResultCode());
    assertEquals(0, e.getEntryCount());
  }

  @Test
  void vlv_withPagedResults_isUnwillingToPerform() throws LDAPException {
    SearchRequest request =
        request(
            FB100,
            PEOPLE_FILTER,
            sort(new SortKey(Attr.CN)),
            new VirtualListViewRequestControl(1, 0, 9, 0, null),
            new SimplePagedResultsControl(5, null, false));

    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(request));

    assertEquals(ResultCode.UNWILLING_TO_PERFORM, e.getResultCode());
    assertEquals(0, e.getEntryCount());
  }

  @Test
  void vlv_sizeLimitBelowTheWindow_isSizeLimitExceeded() throws LDAPException {
    SearchRequest request =
        request(FB100, PEOPLE_FILTER, sort(new SortKey(Attr.CN)), new VirtualListViewRequestControl(1, 0, 9, 0, null));
    request.setSizeLimit(4);

    LDAPSearchException e = assertThrows(LDAPSearchException.class, () -> admin.search(request));

    assertEquals(ResultCode.SIZE_LIMIT_EXCEEDED, e.getResultCode());
    assertEquals(4, e.getEntryCount());
  }

  // ---------------------------------------------------------------- R-MEMBERS with the controls

  @Test
  void mailboxHiddenFromAddressLists_isLeftOutOfPagedSortedAndVlvResults_forOutsidersOnly() throws LDAPException {
    admin.modify(PHARMACY_FW844, replace(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "TRUE"));
    try {
      String mailboxes = "(objectClass=nhsSharedMailbox)";
      String hidden = key(PHARMACY_FW844);
      String open = key(PHARMACY_FA123);
      LDAPConnection outsider = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS); // FW844, not linked
      LDAPConnection owner = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);

      for (LDAPConnection connection : List.of(outsider, owner, admin)) {
        boolean entitled = connection != outsider;
        String who = entitled ? (connection == owner ? "owner" : "NAS administrator") : "outsider";

        List<String> paged = allPages(connection, request(PHARMACY, mailboxes), 1);
        assertTrue(paged.contains(open), who);
        assertEquals(entitled, paged.contains(hidden), who + " paged");

        SearchResult sorted = connection.search(request(PHARMACY, mailboxes, sort(new SortKey(Attr.CN, true))));
        assertEquals(entitled, dns(sorted).contains(hidden), who + " sorted");

        SearchResult vlv =
            connection.search(
                request(PHARMACY, mailboxes, sort(new SortKey(Attr.CN)), new VirtualListViewRequestControl(1, 0, 50, 0, null)));
        assertEquals(entitled, dns(vlv).contains(hidden), who + " virtual list view");
        assertEquals(
            vlv.getEntryCount(),
            VirtualListViewResponseControl.get(vlv).getContentCount(),
            who + ": the content count counts only what the requester may list");

        SearchResult firstPage =
            connection.search(request(PHARMACY, mailboxes, new SimplePagedResultsControl(1, null, false)));
        assertEquals(paged.size(), SimplePagedResultsControl.get(firstPage).getSize(), who + " paged estimate");
      }
      assertFalse(dns(outsider.search(request(FW844, "(objectClass=*)", sort(new SortKey(Attr.UID))))).contains(hidden));
    } finally {
      admin.modify(PHARMACY_FW844, replace(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "FALSE"));
    }
  }
}
