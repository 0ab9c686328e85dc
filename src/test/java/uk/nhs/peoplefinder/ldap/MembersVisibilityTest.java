package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.addPerson;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * R-MEMBERS: a shared mailbox's member and owner values (and the memberOf they give people) are
 * shown only to its owners and members, administrators and local administrators of its
 * organisation; they are removed before filters are evaluated, so {@code (member=…)} is no oracle;
 * a mailbox hidden from address lists is left out of everyone else's searches.
 */
class MembersVisibilityTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String MOHAMMED_HUSSAIN = "uid=mohammed.hussain,nhsOdsCode=A81001," + Attr.GP_DN;

  private static boolean found(LDAPConnection connection, String base, String filter, String dn)
      throws LDAPException {
    return connection.search(base, SearchScope.SUB, filter, "1.1").getSearchEntries().stream()
        .anyMatch(e -> e.getDN().equalsIgnoreCase(dn));
  }

  private static void assertSeesLinks(LDAPConnection connection, String who) throws LDAPException {
    SearchResultEntry mailbox = connection.getEntry(PHARMACY_FA123, Attr.MEMBER, Attr.OWNER);
    assertTrue(mailbox.hasAttributeValue(Attr.OWNER, JOHN_SMITH), who);
    assertTrue(mailbox.hasAttributeValue(Attr.MEMBER, PRIYA_PATEL_SHARMA), who);
    assertTrue(found(connection, FA123, "(member=" + PRIYA_PATEL_SHARMA + ")", PHARMACY_FA123), who);
    assertTrue(
        connection.getEntry(JOHN_SMITH, Attr.MEMBER_OF).hasAttributeValue(Attr.MEMBER_OF, PHARMACY_FA123), who);
  }

  @Test
  void outsider_seesNoLinks_andCannotTestThemWithAFilterOrCompare() throws Exception {
    for (String outsider : List.of(MARYANN_ROBERTS, MOHAMMED_HUSSAIN)) { // a user; a local admin elsewhere
      LDAPConnection connection = SampleDirectory.bindAsPerson(server, outsider);
      SearchResultEntry mailbox = connection.getEntry(PHARMACY_FA123, "*", "+");
      assertEquals(PHARMACY_FA123.toLowerCase(), mailbox.getDN().toLowerCase(), "the mailbox itself is listed");
      assertNull(mailbox.getAttribute(Attr.MEMBER), outsider);
      assertNull(mailbox.getAttribute(Attr.OWNER), outsider);
      for (String filter :
          List.of(
              "(member=" + PRIYA_PATEL_SHARMA + ")",
              "(owner=" + JOHN_SMITH + ")",
              "(member=*)",
              "(owner=*)",
              "(|(member=" + JOHN_SMITH + ")(owner=" + JOHN_SMITH + "))")) {
        assertFalse(found(connection, FA123, filter, PHARMACY_FA123), outsider + " " + filter);
      }
      assertTrue(found(connection, FA123, "(!(member=" + PRIYA_PATEL_SHARMA + "))", PHARMACY_FA123));
      assertNull(connection.getEntry(JOHN_SMITH, Attr.MEMBER_OF).getAttribute(Attr.MEMBER_OF), outsider);
      assertFalse(found(connection, FA123, "(memberOf=" + PHARMACY_FA123 + ")", JOHN_SMITH));
      assertFails(
          ResultCode.NO_SUCH_ATTRIBUTE,
          null,
          () -> connection.compare(PHARMACY_FA123, Attr.MEMBER, PRIYA_PATEL_SHARMA));
    }
  }

  @Test
  void ownersMembersAdministratorsAndLocalAdministratorsOfTheOrganisation_seeTheLinks() throws Exception {
    String localAdmin = addPerson(server.admin(), FA123, "Lucy", "Local", "+447700900791");
    server.admin().modify(localAdmin, add(Attr.NHS_ROLE, Attr.ROLE_LOCAL_ADMIN));
    assertSeesLinks(SampleDirectory.bindAsPerson(server, JOHN_SMITH), "owner");
    assertSeesLinks(SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA), "member");
    assertSeesLinks(server.admin(), "NAS administrator");
    assertSeesLinks(server.helpdesk(), "helpdesk");
    assertSeesLinks(SampleDirectory.bindAsPerson(server, localAdmin), "local administrator of FA123");
  }

  @Test
  void mailboxHiddenFromAddressLists_isLeftOutOfEveryoneElsesSearches() throws Exception {
    server.admin().modify(PHARMACY_FW844, replace(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "TRUE"));
    LDAPConnection maryann = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS); // same organisation, not linked
    assertFalse(found(maryann, FW844, "(objectClass=*)", PHARMACY_FW844));
    assertFalse(found(maryann, Attr.BASE_DN, "(mail=pharmacy.fw844*)", PHARMACY_FW844));
    assertNull(maryann.getEntry(PHARMACY_FW844));
    assertTrue(found(maryann, FW844, "(objectClass=*)", MARYANN_ROBERTS));

    LDAPConnection owner = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    assertTrue(found(owner, FW844, "(objectClass=*)", PHARMACY_FW844));
    assertTrue(found(server.admin(), FW844, "(objectClass=*)", PHARMACY_FW844));
    // a mailbox not hidden is listed for everyone
    assertTrue(found(maryann, FA123, "(objectClass=nhsSharedMailbox)", PHARMACY_FA123));
  }
}
