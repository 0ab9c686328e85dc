package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The computed {@code nhsComplianceIssue} of organisations (SPEC §2) over LDAP: returned when asked
 * for, usable in filters, and always up to date with the writes that fix or cause a problem.
 */
class ComplianceTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String FA123 = "nhsOdsCode=FA123," + Attr.PHARMACY_DN;
  private static final String FW844 = "nhsOdsCode=FW844," + Attr.PHARMACY_DN;
  private static final String A81001 = "nhsOdsCode=A81001," + Attr.GP_DN;
  private static final String V1A2B = "nhsOdsCode=V1A2B," + Attr.CARE_DN;
  private static final String FW844_MAILBOX = "uid=pharmacy.fw844," + FW844;
  private static final String ISSUE = Attr.NHS_COMPLIANCE_ISSUE;

  @Test
  void pharmacyWithOneLinkedAccount_hasTosIssue_andOneWithThreeHasNone() throws Exception {
    LDAPConnection admin = server.admin();

    List<String> fw844 = issues(admin, FW844);
    List<String> fa123 = issues(admin, FA123);

    assertTrue(
        fw844.contains(
            "R-TOS: pharmacy FW844's shared mailbox pharmacy.fw844@nhs.net has 1 linked active personal account;"
                + " the Terms of Service need at least 2"),
        fw844::toString);
    assertEquals(List.of(), fa123);
  }

  @Test
  void filterOnTos_listsExactlyTheFailingPharmacies() throws Exception {
    List<SearchResultEntry> found =
        server.admin().search(Attr.BASE_DN, SearchScope.SUB, "(nhsComplianceIssue=R-TOS*)", "1.1").getSearchEntries();

    assertDns(found, FW844);
  }

  @Test
  void linkingASecondActivePerson_fixesTos() throws Exception {
    LDAPConnection admin = server.admin();

    admin.modify(
        FW844_MAILBOX,
        new Modification(ModificationType.ADD, Attr.MEMBER, "uid=maryann.roberts," + FW844));

    assertFalse(issues(admin, FW844).stream().anyMatch(i -> i.startsWith("R-TOS")), () -> issues(admin, FW844).toString());
    assertDns(admin.search(Attr.BASE_DN, SearchScope.SUB, "(nhsComplianceIssue=R-TOS*)", "1.1").getSearchEntries());
  }

  @Test
  void mailboxWithOneOwner_hasOwnerIssue() throws Exception {
    LDAPConnection admin = server.admin();

    assertTrue(
        issues(admin, FW844)
            .contains("R-OWNER: FW844's shared mailbox pharmacy.fw844@nhs.net has one owner; name another for business"
                + " continuity"),
        () -> issues(admin, FW844).toString());
    assertDns(
        admin.search(Attr.BASE_DN, SearchScope.SUB, "(nhsComplianceIssue=R-OWNER*)", "1.1").getSearchEntries(),
        FW844,
        V1A2B);
  }

  @Test
  void namingASecondOwner_fixesOwnerIssue() throws Exception {
    LDAPConnection admin = server.admin();

    admin.modify(
        FW844_MAILBOX, new Modification(ModificationType.ADD, Attr.OWNER, "uid=maryann.roberts," + FW844));

    assertEquals(List.of(), issues(admin, FW844));
  }

  @Test
  void closingAnOrganisation_listsItsAccounts() throws Exception {
    LDAPConnection admin = server.admin();
    assertEquals(List.of(), issues(admin, A81001));

    admin.modify(A81001, new Modification(ModificationType.REPLACE, Attr.NHS_ORG_STATUS, "closed"));

    assertEquals(
        List.of(
            "R-OPEN-ORG: mohammed.hussain@nhs.net is in closed organisation A81001; move it (joiner) or mark it a"
                + " leaver",
            "R-OPEN-ORG: zoe.clarke@nhs.net is in closed organisation A81001; move it (joiner) or mark it a leaver"),
        issues(admin, A81001).stream().sorted().toList());
    assertDns(
        admin.search(Attr.BASE_DN, SearchScope.SUB, "(nhsComplianceIssue=R-OPEN-ORG*)", "1.1").getSearchEntries(),
        A81001);
  }

  @Test
  void issue_isOperational_returnedByNameOrPlus_notForStar() throws Exception {
    LDAPConnection admin = server.admin();

    SearchResultEntry star = admin.getEntry(FW844, "*");
    SearchResultEntry plus = admin.getEntry(FW844, "+");
    SearchResultEntry both = admin.getEntry(FW844, "*", "+");

    assertNotNull(star.getAttributeValue(Attr.NHS_ODS_CODE));
    assertFalse(star.hasAttribute(ISSUE), star::toLDIFString);
    assertTrue(plus.hasAttribute(ISSUE), plus::toLDIFString);
    assertFalse(plus.hasAttribute(Attr.NHS_ODS_CODE), plus::toLDIFString);
    assertTrue(both.hasAttribute(ISSUE), both::toLDIFString);
  }

  @Test
  void issue_isOnlyOnOrganisations() throws Exception {
    LDAPConnection admin = server.admin();

    List<SearchResultEntry> found =
        admin.search(FW844, SearchScope.SUB, "(objectClass=*)", ISSUE).getSearchEntries();

    assertEquals(4, found.size(), found::toString); // the pharmacy, its mailbox and two people
    for (SearchResultEntry entry : found) {
      assertEquals(entry.getParsedDN().equals(new DN(FW844)), entry.hasAttribute(ISSUE), entry::toLDIFString);
    }
  }

  @Test
  void filterCombinesWithOtherItems() throws Exception {
    LDAPConnection admin = server.admin();

    assertDns(
        admin.search(
                Attr.BASE_DN, SearchScope.SUB, "(&(nhsOdsCode=FW844)(nhsComplianceIssue=r-tos:*))", "1.1")
            .getSearchEntries(),
        FW844);
    assertDns(
        admin.search(
                Attr.BASE_DN, SearchScope.SUB, "(&(objectClass=nhsOrganisation)(!(nhsComplianceIssue=*)))", "1.1")
            .getSearchEntries(),
        FA123,
        A81001,
        "nhsOdsCode=RX1," + Attr.TRUST_DN,
        "nhsOdsCode=RX1AB," + Attr.TRUST_DN);
  }

  @Test
  void anyBoundPerson_mayReadIt() throws Exception {
    LDAPConnection person =
        server.boundAs("uid=zoe.clarke," + A81001, "PeopleFinder-Demo-1");

    assertTrue(issues(person, FW844).stream().anyMatch(i -> i.startsWith("R-TOS: pharmacy FW844")));
    assertDns(
        person.search(Attr.BASE_DN, SearchScope.SUB, "(nhsComplianceIssue=R-TOS*)", "1.1").getSearchEntries(),
        FW844);
  }

  private static List<String> issues(LDAPConnection connection, String dn) {
    try {
      SearchResultEntry entry = connection.getEntry(dn, ISSUE);
      assertNotNull(entry, dn);
      String[] values = entry.getAttributeValues(ISSUE);
      return values == null ? List.of() : Arrays.asList(values);
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new AssertionError("reading " + dn + ": " + e.getMessage(), e);
    }
  }
}
