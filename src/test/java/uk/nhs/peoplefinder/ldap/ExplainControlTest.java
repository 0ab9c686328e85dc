package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * People Finder's explain control: the result's diagnostic message and a response control of the
 * same OID say which filter was run (after ANR expansion), whether the store's exact-value index or
 * the search index served it, and what happened to the hits (read, dropped by access rules, not
 * matching when checked, sent). Only administrators see the hit counts: for anyone else they would
 * be an oracle for values they may not see.
 */
class ExplainControlTest {
  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  private static final String EXPLAIN = "2.25.13898788690874044231628000653816355596.3.2";
  private static final Pattern COUNTS =
      Pattern.compile(
          "(\\d+) hits read, (\\d+) dropped by access rules, (\\d+) not matching when checked, (\\d+) sent; [0-9.]+ ms$");

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(server);
  }

  @AfterAll
  static void close() {
    admin.close();
  }

  /** The explanation of a search, checked to be the same in the message and the control. */
  private record Explained(SearchResult result, String text, int read, int dropped, int notMatching, int sent) {}

  private static Explained explain(LDAPConnection connection, String base, String filter, Control... more)
      throws LDAPException {
    SearchRequest request = new SearchRequest(base, SearchScope.SUB, filter, "1.1");
    request.addControl(new Control(EXPLAIN, false));
    for (Control control : more) {
      request.addControl(control);
    }
    SearchResult result = connection.search(request);
    Control control = result.getResponseControl(EXPLAIN);
    assertNotNull(control, "explain response control");
    String text = control.getValue().stringValue();
    assertEquals("explain: " + text, result.getDiagnosticMessage(), "the diagnostic message carries the same text");
    Matcher m = COUNTS.matcher(text);
    if (!m.find()) {
      // not an administrator: how it was served and what was sent, nothing about the other hits
      assertFalse(text.contains("hits read") || text.contains("candidates"), text);
      Matcher sent = Pattern.compile("; (\\d+) sent; [0-9.]+ ms$").matcher(text);
      assertTrue(sent.find(), text);
      int count = Integer.parseInt(sent.group(1));
      assertEquals(result.getEntryCount(), count, text);
      return new Explained(result, text, -1, -1, -1, count);
    }
    Explained explained =
        new Explained(
            result,
            text,
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)));
    assertEquals(result.getEntryCount(), explained.sent(), text);
    assertEquals(explained.read(), explained.dropped() + explained.notMatching() + explained.sent(), text);
    return explained;
  }

  @Test
  void anr_explanationNamesTheExpandedFilter_andTheSearchIndex() throws LDAPException {
    Explained e = explain(admin, Attr.BASE_DN, "(anr=smi)");

    assertTrue(e.text().startsWith("filter (|(displayName=smi*)(cn=smi*)(givenName=smi*)(sn=smi*)(mail=smi*)"), e.text());
    assertTrue(e.text().contains("(proxyAddresses=smtp:smi*)"), e.text());
    assertFalse(e.text().contains("anr="), "the rewritten filter, not the one sent: " + e.text());
    assertTrue(e.text().contains("served by the search index"), e.text());
    assertTrue(e.sent() >= 2, "both John Smiths: " + e.text());
  }

  @Test
  void anrWithFirstAndLastName_explanationShowsBothOrders() throws LDAPException {
    Explained e = explain(admin, Attr.BASE_DN, "(anr=John Smith)");

    assertTrue(e.text().contains("(&(givenName=John*)(sn=Smith*))"), e.text());
    assertTrue(e.text().contains("(&(givenName=Smith*)(sn=John*))"), e.text());
    assertEquals(2, e.sent(), e.text());
  }

  @Test
  void approximateMatch_isServedByTheSearchIndex() throws LDAPException {
    Explained e = explain(admin, Attr.BASE_DN, "(sn~=smyth)");

    assertTrue(e.text().startsWith("filter (sn~=smyth); served by the search index"), e.text());
    assertTrue(e.sent() >= 2, e.text());
  }

  @Test
  void equalityOnAStoreIndexedAttribute_isServedByTheStoresIndex() throws LDAPException {
    Explained e = explain(admin, Attr.BASE_DN, "(uid=john.smith)");

    assertTrue(e.text().contains("served by the store's exact-value index (1 candidates)"), e.text());
    assertEquals(1, e.read());
    assertEquals(1, e.sent());
  }

  @Test
  void candidatesThatFailTheWholeFilter_areCountedAsNotMatching() throws LDAPException {
    int fa123 = admin.search(Attr.BASE_DN, SearchScope.SUB, "(nhsOdsCode=FA123)", "1.1").getEntryCount();

    Explained e = explain(admin, Attr.BASE_DN, "(&(nhsOdsCode=FA123)(title=Pharmacist))");

    assertTrue(e.text().contains("served by the store's exact-value index (" + fa123 + " candidates)"), e.text());
    assertEquals(fa123, e.read());
    assertEquals(1, e.sent(), "John Smith is FA123's pharmacist");
    assertEquals(fa123 - 1, e.notMatching());
    assertEquals(0, e.dropped());
  }

  @Test
  void mailboxHiddenFromAddressLists_isCountedAsDroppedForAdministrators_andNotMentionedToAnOutsider()
      throws LDAPException {
    admin.modify(PHARMACY_FW844, replace(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "TRUE"));
    try {
      LDAPConnection outsider = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS);
      Explained hidden = explain(outsider, FW844, "(uid=pharmacy.fw844)");
      Explained nobody = explain(outsider, FW844, "(uid=pharmacy.nobody)");
      assertEquals(0, hidden.sent(), hidden.text());
      assertEquals(withoutTime(nobody.text()).replace("nobody", "fw844"), withoutTime(hidden.text()));

      Explained owner = explain(SampleDirectory.bindAsPerson(server, JOHN_SMITH2), FW844, "(uid=pharmacy.fw844)");
      assertEquals(1, owner.sent(), owner.text());
      Explained nas = explain(admin, FW844, "(uid=pharmacy.fw844)");
      assertEquals(0, nas.dropped(), nas.text());
      assertEquals(1, nas.sent(), nas.text());

      // served by the search index, the hidden mailbox is left out by the query itself
      Explained prefix = explain(outsider, FW844, "(mail=pharmacy.fw844*)");
      assertTrue(prefix.text().contains("served by the search index"), prefix.text());
      assertEquals(0, prefix.sent(), prefix.text());
    } finally {
      admin.modify(PHARMACY_FW844, replace(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "FALSE"));
    }
  }

  private static String withoutTime(String text) {
    return text.replaceAll("; [0-9.]+ ms$", "");
  }

  @Test
  void linksFilters_asAnOutsider_explainAlikeForAMemberAndForSomeoneWhoIsNot() throws LDAPException {
    // R-MEMBERS: who is linked to FA123's mailbox is not the outsider's to learn, from counts either
    LDAPConnection outsider = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS);
    for (String shape : new String[] {"(member=%s)", "(owner=%s)", "(|(uid=nobody)(member=%s))"}) {
      Explained member = explain(outsider, FA123, shape.replace("%s", JOHN_SMITH));
      Explained stranger = explain(outsider, FA123, shape.replace("%s", MARYANN_ROBERTS));
      assertEquals(0, member.sent(), member.text());
      String what = shape + "\n" + member.text() + "\n" + stranger.text();
      assertEquals(-1, member.read(), "no hit counts for an outsider: " + what);
      assertEquals(servedBy(stranger.text()), servedBy(member.text()), what);
    }
    // a member of the mailbox may see its links, and the explanation counts them
    Explained own = explain(SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA), FA123, "(member=" + JOHN_SMITH + ")");
    assertEquals(1, own.sent(), own.text());
  }

  private static String servedBy(String text) {
    int from = text.indexOf("served by");
    int to = text.indexOf(';', from);
    String how = text.substring(from, to);
    return how.startsWith("served by the search index") ? "the search index" : how;
  }

  @Test
  void virtualListView_explanationGivesTheTargetPosition() throws LDAPException {
    Explained e =
        explain(
            admin,
            Attr.BASE_DN,
            "(objectClass=nhsPerson)",
            new ServerSideSortRequestControl(new SortKey(Attr.CN)),
            new VirtualListViewRequestControl(2, 0, 1, 0, null));

    assertTrue(e.text().contains("; virtual list view: target position 2 of "), e.text());
    assertEquals(2, e.sent());
  }

  @Test
  void withoutTheControl_thereIsNoExplanation() throws LDAPException {
    SearchResult result = admin.search(Attr.BASE_DN, SearchScope.SUB, "(anr=smi)", "1.1");

    assertNull(result.getResponseControl(EXPLAIN));
    assertTrue(
        result.getDiagnosticMessage() == null || !result.getDiagnosticMessage().contains("explain"),
        result.getDiagnosticMessage());
    assertTrue(result.getEntryCount() >= 2);
  }

  @Test
  void rootDse_advertisesTheExplainControl() throws LDAPException {
    assertTrue(admin.getRootDSE().supportsControl(EXPLAIN));
    assertNotNull(admin.getEntry(PHARMACY_FA123));
  }
}
