package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.OpenLdapTool.Result;

/** The server driven by OpenLDAP's own command-line clients, as administrators and scripts use it. */
class OpenLdapClientsTest {
  private static final String FA123 = "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final String FW844 = "nhsOdsCode=FW844,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final String RX1 = "nhsOdsCode=RX1,ou=Trust,ou=Organisations," + Attr.BASE_DN;
  private static final String RX1AB = "nhsOdsCode=RX1AB,ou=Trust,ou=Organisations," + Attr.BASE_DN;
  private static final String V1A2B = "nhsOdsCode=V1A2B,ou=Care,ou=Organisations," + Attr.BASE_DN;
  private static final String JOHN_SMITH = "uid=john.smith," + FA123;

  // A fresh server per test: the write tests change the directory.
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  @TempDir Path tempDir;

  @BeforeAll
  static void openLdapClientsAreInstalled() {
    OpenLdapTool.requireInstalled(
        "ldapsearch", "ldapmodify", "ldapdelete", "ldapwhoami", "ldapcompare", "ldapmodrdn");
  }

  @Test
  void ldapsearch_byOdsCode_returnsOrganisationMailboxAndPeople_likeTheUnboundIdClient() throws LDAPException {
    Result result = ldapsearch("-b", Attr.BASE_DN, "(nhsOdsCode=fa123)");

    assertEquals(0, result.exitCode(), result::describe);
    Set<DN> expected =
        dnSet(
            FA123,
            "uid=pharmacy.fa123," + FA123,
            JOHN_SMITH,
            "uid=siobhan.oneil," + FA123,
            "uid=priya.patel-sharma," + FA123);
    assertEquals(expected, dnSet(result.dns()), result::describe);
    SearchResult unboundId = server.admin().search(Attr.BASE_DN, SearchScope.SUB, "(nhsOdsCode=fa123)");
    List<String> unboundIdDns = new ArrayList<>();
    for (SearchResultEntry entry : unboundId.getSearchEntries()) {
      unboundIdDns.add(entry.getDN());
    }
    assertEquals(dnSet(unboundIdDns), dnSet(result.dns()));
    assertTrue(result.stdout().contains("result: 0 Success"), result::describe);
    assertTrue(result.stdout().contains("mail: john.smith@nhs.net"), result::describe);
  }

  @Test
  void ldapsearch_rootDseOperationalAttributes_showNamingContextsAndExtensions() {
    Result result = ldapsearch("-s", "base", "-b", "", "+");

    assertEquals(0, result.exitCode(), result::describe);
    assertTrue(result.stdout().contains("namingContexts: " + Attr.BASE_DN), result::describe);
    assertTrue(result.stdout().contains("supportedExtension: 1.3.6.1.4.1.4203.1.11.3"), result::describe);
    assertTrue(result.stdout().contains("supportedLDAPVersion: 3"), result::describe);
  }

  @Test
  void ldapwhoami_asAdministrator_printsTheAdministratorsDn() {
    Result result = OpenLdapTool.run("ldapwhoami", admin());

    assertEquals(0, result.exitCode(), result::describe);
    assertEquals("dn:" + Attr.NAS_ADMIN_DN, result.stdout().trim(), result::describe);
  }

  @Test
  void ldapwhoami_wrongPassword_exits49WithInvalidCredentials() {
    Result result =
        OpenLdapTool.run("ldapwhoami", OpenLdapTool.asAdmin(server.url(), ServerExtension.ADMIN_PASSWORD + "x"));

    assertEquals(49, result.exitCode(), result::describe);
    assertTrue(result.stderr().contains("Invalid credentials"), result::describe);
  }

  @Test
  void ldapsearch_anonymous_exits50() {
    Result result =
        OpenLdapTool.run("ldapsearch", List.of("-x", "-H", server.url(), "-o", "ldif_wrap=no", "-b", Attr.BASE_DN));

    assertEquals(50, result.exitCode(), result::describe);
    assertTrue(result.stdout().contains("Insufficient access"), result::describe);
  }

  @Test
  void ldapmodifyAdd_newPerson_isFoundByLdapsearch() throws IOException, LDAPException {
    String dn = "uid=olivia.newton," + FA123;
    Path ldif =
        write(
            "olivia.ldif",
            "dn: " + dn,
            "objectClass: top",
            "objectClass: person",
            "objectClass: organizationalPerson",
            "objectClass: inetOrgPerson",
            "objectClass: nhsPerson",
            "uid: olivia.newton",
            "mail: olivia.newton@nhs.net",
            "givenName: Olivia",
            "sn: Newton",
            "cn: Olivia Newton (RIVERSIDE PHARMACY)",
            "displayName: Olivia Newton (RIVERSIDE PHARMACY)",
            "mobile: +447700900199",
            "nhsAltEmail: olivia.newton@example.com");

    Result add = OpenLdapTool.run("ldapmodify", args(admin(), "-a", "-f", ldif.toString()));

    assertEquals(0, add.exitCode(), add::describe);
    assertTrue(add.stdout().contains("adding new entry \"" + dn + "\""), add::describe);
    Result search = ldapsearch("-b", Attr.BASE_DN, "(uid=olivia.newton)");
    assertEquals(0, search.exitCode(), search::describe);
    assertEquals(dnSet(dn), dnSet(search.dns()), search::describe);
    assertNotNull(server.admin().getEntry(dn));
  }

  @Test
  void ldapmodify_replace_changesTheValue() throws LDAPException {
    String change =
        String.join("\n", "dn: " + JOHN_SMITH, "changetype: modify", "replace: title", "title: Locum Pharmacist", "-", "");

    Result modify = OpenLdapTool.run("ldapmodify", admin(), change, OpenLdapTool.DEFAULT_TIMEOUT);

    assertEquals(0, modify.exitCode(), modify::describe);
    assertEquals("Locum Pharmacist", server.admin().getEntry(JOHN_SMITH, "title").getAttributeValue("title"));
    Result search = ldapsearch("-b", JOHN_SMITH, "-s", "base", "title");
    assertTrue(search.stdout().contains("title: Locum Pharmacist"), search::describe);
  }

  @Test
  void ldapmodifyAdd_underMissingParent_showsNoSuchObjectAndMatchedDn() throws IOException {
    String missingParent = "nhsOdsCode=FZ999,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
    Path ldif =
        write(
            "orphan.ldif",
            "dn: uid=orphan.person," + missingParent,
            "objectClass: nhsPerson",
            "uid: orphan.person",
            "givenName: Orphan",
            "sn: Person",
            "cn: Orphan Person",
            "mobile: +447700900198",
            "nhsAltEmail: orphan@example.com");

    Result add = OpenLdapTool.run("ldapmodify", args(admin(), "-a", "-f", ldif.toString()));

    assertEquals(32, add.exitCode(), add::describe);
    assertTrue(add.stderr().contains("No such object (32)"), add::describe);
    assertTrue(add.stderr().contains("matched DN: ou=Pharmacy,ou=Organisations," + Attr.BASE_DN), add::describe);
    assertTrue(add.stderr().contains(missingParent), "the diagnostic names the missing parent\n" + add.describe());
  }

  @Test
  void ldapdelete_leafPerson_isGone() throws LDAPException {
    String dn = "uid=david.evans," + V1A2B;

    Result delete = OpenLdapTool.run("ldapdelete", args(admin(), dn));

    assertEquals(0, delete.exitCode(), delete::describe);
    assertNull(server.admin().getEntry(dn));
    Result again = OpenLdapTool.run("ldapdelete", args(admin(), dn));
    assertEquals(32, again.exitCode(), again::describe);
    assertTrue(again.stderr().contains("No such object (32)"), again::describe);
  }

  @Test
  void ldapmodrdn_newSuperior_movesThePersonKeepingTheRdn() throws LDAPException {
    String from = "uid=aisha.begum," + RX1AB;
    String to = "uid=aisha.begum," + RX1;

    Result move = OpenLdapTool.run("ldapmodrdn", args(admin(), "-s", RX1, from, "uid=aisha.begum"));

    assertEquals(0, move.exitCode(), move::describe);
    assertNull(server.admin().getEntry(from));
    Entry moved = server.admin().getEntry(to);
    assertNotNull(moved);
    assertEquals("aisha.begum", moved.getAttributeValue("uid"));
    Result search = ldapsearch("-b", Attr.BASE_DN, "(uid=aisha.begum)", "1.1");
    assertEquals(dnSet(to), dnSet(search.dns()), search::describe);
  }

  @Test
  void ldapcompare_matchingValue_printsTrueAndExits6() {
    Result result = OpenLdapTool.run("ldapcompare", args(admin(), JOHN_SMITH, "title:Pharmacist"));

    assertEquals(6, result.exitCode(), result::describe);
    assertEquals("TRUE", result.stdout().trim(), result::describe);
  }

  @Test
  void ldapcompare_otherValue_printsFalseAndExits5() {
    Result result = OpenLdapTool.run("ldapcompare", args(admin(), "uid=john.smith2," + FW844, "title:Dentist"));

    assertEquals(5, result.exitCode(), result::describe);
    assertEquals("FALSE", result.stdout().trim(), result::describe);
  }

  private Result ldapsearch(String... args) {
    return OpenLdapTool.run("ldapsearch", args(args(admin(), "-o", "ldif_wrap=no"), args));
  }

  private List<String> admin() {
    return OpenLdapTool.asAdmin(server.url(), ServerExtension.ADMIN_PASSWORD);
  }

  private static List<String> args(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(tempDir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static Set<DN> dnSet(String... dns) {
    return dnSet(List.of(dns));
  }

  private static Set<DN> dnSet(List<String> dns) {
    Set<DN> set = new TreeSet<>();
    for (String dn : dns) {
      try {
        set.add(new DN(dn));
      } catch (LDAPException e) {
        throw new AssertionError("not a DN: " + dn, e);
      }
    }
    return set;
  }
}
