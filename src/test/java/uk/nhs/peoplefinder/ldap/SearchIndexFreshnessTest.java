package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.TransactionSpecificationRequestControl;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The search index is never behind an acknowledged write: a search sent right after the response
 * to an add, modify, modify DN, delete or transaction commit sees the change, including through the
 * filters only the Lucene index serves (substring, {@code ~=}, ANR), from the writing connection
 * and from another one.
 */
class SearchIndexFreshnessTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private LDAPConnection writer;
  private LDAPConnection reader;

  @BeforeEach
  void connect() throws LDAPException {
    writer = SampleDirectory.openAdmin(server);
    reader = SampleDirectory.openAdmin(server);
  }

  @AfterEach
  void close() {
    writer.close();
    reader.close();
  }

  private static final String[] SYLLABLES = {"ba", "ke", "mi", "po", "tu"};

  /**
   * A surname no one else has: Q and four syllables for n. Any two differ by at least two letters,
   * so that one is never a one-typo neighbour of another; they share Soundex codes, so tests that
   * expect an old name not to be found use exact and substring filters, not {@code ~=}.
   */
  private static String surname(int n) {
    StringBuilder name = new StringBuilder("Q");
    int rest = n;
    for (int i = 0; i < 4; i++) {
      name.append(SYLLABLES[rest % 5]);
      rest /= 5;
    }
    return name.toString();
  }

  private static String mobile(int n) {
    return String.format(Locale.ROOT, "+4477003%05d", n);
  }

  private static List<String> found(LDAPConnection connection, String base, String filter) throws LDAPException {
    List<String> dns = new ArrayList<>();
    for (SearchResultEntry entry : connection.search(base, SearchScope.SUB, filter, "1.1").getSearchEntries()) {
      dns.add(BrowseControlsTest.key(entry.getDN()));
    }
    return dns;
  }

  /** Whether each connection finds the entry with each filter (served by the search index). */
  private void assertFoundBy(boolean expected, String dn, String base, String... filters) throws LDAPException {
    String key = BrowseControlsTest.key(dn);
    for (LDAPConnection connection : List.of(writer, reader)) {
      for (String filter : filters) {
        assertEquals(
            expected,
            found(connection, base, filter).contains(key),
            (connection == writer ? "writer " : "reader ") + filter + " finds " + dn);
      }
    }
  }

  private static String[] indexFilters(String givenName, String sn) {
    String lower = sn.toLowerCase(Locale.ROOT);
    return new String[] {
      "(sn=" + lower.substring(0, 7) + "*)",
      "(cn=*" + sn + "*)",
      "(sn~=" + sn + ")",
      "(anr=" + givenName + " " + sn + ")",
      "(mail=" + givenName.toLowerCase(Locale.ROOT) + "." + lower + "*)"
    };
  }

  @Test
  void add_isFoundAtOnce_bySubstringApproximateAndAnr() throws LDAPException {
    String sn = surname(1);
    String dn = NewEntries.addPerson(writer, FA123, "Nadia", sn, mobile(1));
    assertFoundBy(true, dn, Attr.BASE_DN, indexFilters("Nadia", sn));
  }

  @Test
  void rename_newNameIsFoundAtOnce_andTheOldOnlyByTheAliasKept() throws LDAPException {
    String oldSn = surname(2);
    String newSn = surname(3);
    String dn = NewEntries.addPerson(writer, FA123, "Nadia", oldSn, mobile(2));

    writer.modify(dn, replace(Attr.SN, newSn));

    assertFoundBy(true, dn, Attr.BASE_DN, indexFilters("Nadia", newSn));
    assertFoundBy(false, dn, Attr.BASE_DN, "(cn=*" + oldSn + "*)", "(sn=" + oldSn + ")", "(mail=*" + oldSn + "*)");
    // R-RENAME: the old address stays as an alias, and a search for it finds the account
    assertFoundBy(true, dn, Attr.BASE_DN, "(nhsMailAlias=nadia." + oldSn.toLowerCase(Locale.ROOT) + "*)");
  }

  @Test
  void renameGivenName_newCnIsFoundAtOnce() throws LDAPException {
    String sn = surname(4);
    String dn = NewEntries.addPerson(writer, FA123, "Nadia", sn, mobile(4));

    writer.modify(dn, replace(Attr.GIVEN_NAME, "Ottoline"));

    assertFoundBy(true, dn, Attr.BASE_DN, "(cn=ottoline " + sn.substring(0, 6) + "*)", "(givenName~=ottolin)");
    assertFoundBy(false, dn, Attr.BASE_DN, "(cn=nadia*)", "(givenName=nad*)");
  }

  @Test
  void modifyDn_toAnotherOrganisation_isFoundThereAtOnce_andNoLongerInTheOld() throws LDAPException {
    String sn = surname(5);
    String dn = NewEntries.addPerson(writer, FA123, "Nadia", sn, mobile(5));
    String rdn = dn.substring(0, dn.indexOf(','));
    String moved = rdn + "," + FW844;

    assertEquals(ResultCode.SUCCESS, writer.modifyDN(new ModifyDNRequest(dn, rdn, true, FW844)).getResultCode());

    assertFoundBy(true, moved, FW844, "(sn=" + sn.toLowerCase(Locale.ROOT).substring(0, 7) + "*)", "(sn~=" + sn + ")");
    assertFoundBy(false, dn, Attr.BASE_DN, "(sn~=" + sn + ")");
    for (LDAPConnection connection : List.of(writer, reader)) {
      assertTrue(found(connection, FA123, "(sn~=" + sn + ")").isEmpty(), "nothing left in FA123");
    }
  }

  @Test
  void delete_isGoneAtOnce() throws LDAPException {
    String sn = surname(6);
    String dn = NewEntries.addPerson(writer, FA123, "Nadia", sn, mobile(6));
    assertFoundBy(true, dn, Attr.BASE_DN, "(sn~=" + sn + ")");

    writer.delete(dn);

    assertFoundBy(false, dn, Attr.BASE_DN, indexFilters("Nadia", sn));
  }

  @Test
  void transactionCommit_everyUpdateIsFoundAtOnce() throws LDAPException {
    StartTransactionExtendedResult started =
        (StartTransactionExtendedResult) writer.processExtendedOperation(new StartTransactionExtendedRequest());
    ASN1OctetString id = started.getTransactionID();
    List<String> sns = List.of(surname(7), surname(8));
    List<String> dns = new ArrayList<>();
    for (int i = 0; i < sns.size(); i++) {
      String uid = "nadia." + sns.get(i).toLowerCase(Locale.ROOT);
      dns.add("uid=" + uid + "," + FA123);
      AddRequest add = new AddRequest(SampleDirectory.newPerson(uid, "Nadia", sns.get(i), mobile(7 + i)));
      add.addControl(new TransactionSpecificationRequestControl(id));
      writer.add(add);
    }
    assertFoundBy(false, dns.get(0), Attr.BASE_DN, "(sn~=" + sns.get(0) + ")");

    assertEquals(
        ResultCode.SUCCESS,
        writer.processExtendedOperation(new EndTransactionExtendedRequest(id, true)).getResultCode());

    for (int i = 0; i < sns.size(); i++) {
      assertFoundBy(true, dns.get(i), Attr.BASE_DN, indexFilters("Nadia", sns.get(i)));
    }
  }

  @Test
  void fiftyWritesFromTwoConnections_eachIsSeenByTheOtherAtOnce() throws LDAPException {
    List<String> live = new ArrayList<>();
    List<String> liveSn = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      LDAPConnection from = i % 2 == 0 ? writer : reader;
      LDAPConnection other = from == writer ? reader : writer;
      String sn = surname(100 + i);
      switch (i % 5) {
        case 0, 1, 2 -> {
          String dn = NewEntries.addPerson(from, i % 2 == 0 ? FA123 : FW844, "Petra", sn, mobile(100 + i));
          live.add(dn);
          liveSn.add(sn);
          assertTrue(found(other, Attr.BASE_DN, "(sn~=" + sn + ")").contains(BrowseControlsTest.key(dn)), "add " + i);
          assertTrue(found(other, Attr.BASE_DN, "(cn=*" + sn + " \\28*)").contains(BrowseControlsTest.key(dn)));
        }
        case 3 -> {
          String dn = live.get(live.size() - 1);
          from.modify(dn, replace(Attr.SN, sn));
          String oldSn = liveSn.set(live.size() - 1, sn);
          List<String> byNew = found(other, Attr.BASE_DN, "(sn=" + sn.toLowerCase(Locale.ROOT) + "*)");
          assertTrue(byNew.contains(BrowseControlsTest.key(dn)), "rename " + i);
          assertFalse(found(other, Attr.BASE_DN, "(cn=*" + oldSn + " \\28*)").contains(BrowseControlsTest.key(dn)));
        }
        default -> {
          String dn = live.remove(0);
          String gone = liveSn.remove(0);
          from.delete(dn);
          assertTrue(found(other, Attr.BASE_DN, "(sn~=" + gone + ")").stream().noneMatch(BrowseControlsTest.key(dn)::equals), "delete " + i);
        }
      }
    }
    // and all of it at the end, as one search of the index
    List<String> everyone = found(reader, Attr.BASE_DN, "(&(objectClass=nhsPerson)(givenName=petr*))");
    List<String> expected = new ArrayList<>();
    for (String dn : live) {
      expected.add(BrowseControlsTest.key(dn));
    }
    assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(everyone));
  }
}
