package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertRefused;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.addPerson;
import static uk.nhs.peoplefinder.ldap.NewEntries.delete;
import static uk.nhs.peoplefinder.ldap.NewEntries.dns;
import static uk.nhs.peoplefinder.ldap.NewEntries.normalised;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The links of shared mailboxes (R-OWNER, R-LIMIT, R-MULTI, R-MEMBERS), end to end as the NAS
 * administrator. Every test has a fresh server with the small seed, where pharmacy.fa123 has three
 * links (owners john.smith and siobhan.oneil, member priya.patel-sharma) and pharmacy.fw844 one
 * (owner john.smith2).
 */
class LinksTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String A81001 = "nhsOdsCode=A81001,ou=GP,ou=Organisations,dc=nhs,dc=net";
  private static final String ZOE_CLARKE = "uid=zoe.clarke," + A81001;
  private static final String ICB = "nhsOdsCode=QWE,ou=ICB,ou=Organisations,dc=nhs,dc=net";
  private static final String LIMIT_MESSAGE =
      "R-LIMIT: pharmacy FA123 would have 11 linked accounts (limit 10); an ICB approval raises the limit";

  private LDAPConnection admin;

  @BeforeEach
  void connect() throws LDAPException {
    admin = server.admin();
  }

  // ---------------------------------------------------------------- members and owners

  @Test
  void addMember_personOfAnotherOrganisation_isLinked() throws Exception {
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, MARYANN_ROBERTS));

    assertEquals(
        normalised(JOHN_SMITH, SIOBHAN_ONEIL, PRIYA_PATEL_SHARMA, MARYANN_ROBERTS),
        dns(admin, PHARMACY_FA123, Attr.MEMBER));
    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.OWNER));
  }

  @Test
  void addMember_applicationAccount_isLinked() throws Exception {
    String app = NewEntries.addNamedByServer(admin, NewEntries.application(FA123, "reminders")).getDN();

    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, app));

    assertTrue(dns(admin, PHARMACY_FA123, Attr.MEMBER).containsAll(normalised(app)));
  }

  @Test
  void removeMember_isUnlinked() throws Exception {
    admin.modify(PHARMACY_FA123, delete(Attr.MEMBER, PRIYA_PATEL_SHARMA));

    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.MEMBER));
  }

  @Test
  void addOwner_isAlsoAddedAsMember() throws Exception {
    admin.modify(PHARMACY_FA123, add(Attr.OWNER, MARYANN_ROBERTS));

    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL, MARYANN_ROBERTS), dns(admin, PHARMACY_FA123, Attr.OWNER));
    assertTrue(dns(admin, PHARMACY_FA123, Attr.MEMBER).containsAll(normalised(MARYANN_ROBERTS)));
  }

  @Test
  void removeMember_ofAnOwner_keepsThemAMemberWhileTheyOwnIt() throws Exception {
    admin.modify(PHARMACY_FA123, delete(Attr.MEMBER, SIOBHAN_ONEIL));

    assertTrue(dns(admin, PHARMACY_FA123, Attr.MEMBER).containsAll(normalised(SIOBHAN_ONEIL)));
  }

  @Test
  void removeOwner_oneOfTwo_leavesThemAMember() throws Exception {
    admin.modify(PHARMACY_FA123, delete(Attr.OWNER, SIOBHAN_ONEIL));

    assertEquals(normalised(JOHN_SMITH), dns(admin, PHARMACY_FA123, Attr.OWNER));
    assertEquals(
        normalised(JOHN_SMITH, SIOBHAN_ONEIL, PRIYA_PATEL_SHARMA), dns(admin, PHARMACY_FA123, Attr.MEMBER));
  }

  @Test
  void addOwner_applicationAccount_isRefusedWithConstraintViolation() throws Exception {
    String app = NewEntries.addNamedByServer(admin, NewEntries.application(FA123, "reminders")).getDN();

    assertRefused(
        admin, new ModifyRequest(PHARMACY_FA123, add(Attr.OWNER, app)), ResultCode.CONSTRAINT_VIOLATION, "R-APP-NAME");
    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.OWNER));
  }

  @Test
  void addOwner_leaver_isRefusedWithConstraintViolation() throws Exception {
    admin.modify(MARYANN_ROBERTS, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.OWNER, MARYANN_ROBERTS)),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-OWNER: maryann.roberts@nhs.net is leaver");
  }

  @Test
  void addOwner_lockedPerson_isRefusedWithConstraintViolation() throws Exception {
    admin.modify(MARYANN_ROBERTS, replace(Attr.NHS_ACCOUNT_STATUS, "locked"));

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.OWNER, MARYANN_ROBERTS)),
        ResultCode.CONSTRAINT_VIOLATION,
        "is a pending or active account");
  }

  @Test
  void addOwner_personWithoutMobile_isRefusedWithConstraintViolation() throws Exception {
    admin.modify(MARYANN_ROBERTS, delete(Attr.MOBILE)); // not an owner, so she may drop it (R-MOBILE)

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.OWNER, MARYANN_ROBERTS)),
        ResultCode.CONSTRAINT_VIOLATION,
        "has no mobile number");
  }

  @Test
  void addMember_leaver_isRefusedWithConstraintViolation() throws Exception {
    admin.modify(MARYANN_ROBERTS, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, MARYANN_ROBERTS)),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LEAVER");
  }

  @Test
  void removeMobile_ofAnOwner_isRefusedWithConstraintViolation() {
    assertRefused(
        admin, new ModifyRequest(JOHN_SMITH2, delete(Attr.MOBILE)), ResultCode.CONSTRAINT_VIOLATION, "R-OWNER");
  }

  @Test
  void addMember_whileAnExistingOwnerIsLocked_isLinked() throws Exception {
    // An owner may be locked out (R-LOCK) without freezing the links of every mailbox they own.
    admin.modify(SIOBHAN_ONEIL, replace(Attr.NHS_ACCOUNT_STATUS, "locked"));

    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, MARYANN_ROBERTS));

    assertTrue(dns(admin, PHARMACY_FA123, Attr.MEMBER).containsAll(normalised(MARYANN_ROBERTS)));
  }

  @Test
  void addMember_organisation_isRefusedWithConstraintViolation() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, FW844)),
        ResultCode.CONSTRAINT_VIOLATION,
        "is not a personal or application account");
    assertEquals(3, dns(admin, PHARMACY_FA123, Attr.MEMBER).size());
  }

  @Test
  void addMember_sharedMailbox_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, PHARMACY_FW844)),
        ResultCode.CONSTRAINT_VIOLATION,
        "is not a personal or application account");
  }

  @Test
  void addMember_missingDn_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, "uid=nobody," + FA123)),
        ResultCode.CONSTRAINT_VIOLATION,
        "does not exist");
  }

  @Test
  void removeOwner_lastOne_isUnwillingToPerformAndChangesNothing() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FW844, delete(Attr.OWNER, JOHN_SMITH2)),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OWNER: pharmacy.fw844@nhs.net must keep at least one owner");
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FW844, delete(Attr.OWNER)),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OWNER");

    assertEquals(normalised(JOHN_SMITH2), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertEquals(normalised(JOHN_SMITH2), dns(admin, PHARMACY_FW844, Attr.MEMBER));
  }

  @Test
  void replaceOwner_lastOneByAnother_isAccepted() throws Exception {
    admin.modify(PHARMACY_FW844, replace(Attr.OWNER, MARYANN_ROBERTS));

    assertEquals(normalised(MARYANN_ROBERTS), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertEquals(normalised(JOHN_SMITH2, MARYANN_ROBERTS), dns(admin, PHARMACY_FW844, Attr.MEMBER));
  }

  // ---------------------------------------------------------------- R-LIMIT

  /** Adds new people at FW844 (so FA123's links are only those the test makes) and returns their DNs. */
  private List<String> newStaff(int count) throws LDAPException {
    String[] surnames = {"Ashworth", "Barraclough", "Crowther", "Dewhurst", "Entwistle", "Fairbairn",
        "Gledhill", "Haworth", "Illingworth", "Jowett"};
    List<String> dns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      dns.add(addPerson(admin, FW844, "Alex", surnames[i], "+4477009006" + String.format("%02d", i)));
    }
    return dns;
  }

  @Test
  void addMember_tenth_isLinked() throws Exception {
    List<String> staff = newStaff(7); // 3 in the seed + 7 = 10

    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, staff.toArray(String[]::new)));

    assertEquals(10, dns(admin, PHARMACY_FA123, Attr.MEMBER).size());
  }

  @Test
  void addMember_eleventh_isRefusedWithConstraintViolation() throws Exception {
    List<String> staff = newStaff(8);
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, staff.subList(0, 7).toArray(String[]::new)));

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, staff.get(7))),
        ResultCode.CONSTRAINT_VIOLATION,
        LIMIT_MESSAGE);
    assertEquals(10, dns(admin, PHARMACY_FA123, Attr.MEMBER).size());
  }

  @Test
  void addOwner_eleventhLink_isRefusedWithConstraintViolation() throws Exception {
    List<String> staff = newStaff(8);
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, staff.subList(0, 7).toArray(String[]::new)));

    // An owner is also a member, so naming one is a link too.
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.OWNER, staff.get(7))),
        ResultCode.CONSTRAINT_VIOLATION,
        LIMIT_MESSAGE);
  }

  @Test
  void addMember_eightAtOnceOverTheLimit_linksNone() throws Exception {
    List<String> staff = newStaff(8);

    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, staff.toArray(String[]::new))),
        ResultCode.CONSTRAINT_VIOLATION,
        LIMIT_MESSAGE);
    assertEquals(3, dns(admin, PHARMACY_FA123, Attr.MEMBER).size());
  }

  @Test
  void addMember_eleventhToACareMailbox_isRefusedWithConstraintViolation() throws Exception {
    // Social care likewise (R-LIMIT): the seed's care home V1A2B has a mailbox with two links
    // (Margaret Thompson, owner; David Evans).
    String mailbox =
        admin.search(SampleDirectory.V1A2B, SearchScope.ONE, "(objectClass=nhsSharedMailbox)")
            .getSearchEntries().get(0).getDN();
    List<String> staff = newStaff(9);
    admin.modify(mailbox, add(Attr.MEMBER, staff.subList(0, 8).toArray(String[]::new)));

    assertRefused(
        admin,
        new ModifyRequest(mailbox, add(Attr.MEMBER, staff.get(8))),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LIMIT: care V1A2B would have 11 linked accounts (limit 10)");
  }

  @Test
  void raiseLimit_withoutApproval_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "12")),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LIMIT: a limit of 12 for FA123 is above 10 and needs an ICB approval");
  }

  @Test
  void raiseLimit_approvedByAnIcbNotInTheDirectory_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "12"), replace(Attr.NHS_LIMIT_APPROVED_BY, "QWE")),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LIMIT: nhsLimitApprovedBy QWE is not an ICB of the directory");
  }

  @Test
  void raiseLimit_approvedByAnOrganisationThatIsNotAnIcb_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "12"), replace(Attr.NHS_LIMIT_APPROVED_BY, "FW844")),
        ResultCode.CONSTRAINT_VIOLATION,
        "is not an ICB of the directory");
  }

  @Test
  void raiseLimit_approvedByAnIcb_letsTheEleventhAndTwelfthLinkIn() throws Exception {
    admin.add(NewEntries.organisation("QWE", "ICB", "icb", "West Yorkshire ICB", "Wakefield", "active"));
    List<String> staff = newStaff(10);
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, staff.subList(0, 7).toArray(String[]::new)));

    admin.modify(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "12"), replace(Attr.NHS_LIMIT_APPROVED_BY, "QWE"));
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, staff.get(7), staff.get(8)));

    assertEquals(12, dns(admin, PHARMACY_FA123, Attr.MEMBER).size());
    assertNull(admin.getEntry(ICB).getAttributeValue(Attr.NHS_ACCOUNT_LIMIT));
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, add(Attr.MEMBER, staff.get(9))),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LIMIT: pharmacy FA123 would have 13 linked accounts (limit 12)");
  }

  @Test
  void removeApproval_ofARaisedLimit_isRefusedWithConstraintViolation() throws Exception {
    admin.add(NewEntries.organisation("QWE", "ICB", "icb", "West Yorkshire ICB", "Wakefield", "active"));
    admin.modify(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "12"), replace(Attr.NHS_LIMIT_APPROVED_BY, "QWE"));

    assertRefused(
        admin,
        new ModifyRequest(FA123, delete(Attr.NHS_LIMIT_APPROVED_BY)),
        ResultCode.CONSTRAINT_VIOLATION,
        "needs an ICB approval");
  }

  @Test
  void lowerLimit_belowCurrentLinks_isRefusedWithConstraintViolation() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "2")),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-LIMIT: FA123's shared mailbox already has 3 linked accounts");

    admin.modify(FA123, replace(Attr.NHS_ACCOUNT_LIMIT, "3"));
    assertEquals("3", admin.getEntry(FA123).getAttributeValue(Attr.NHS_ACCOUNT_LIMIT));
  }

  // ---------------------------------------------------------------- R-MULTI and memberOf (R-MEMBERS)

  @Test
  void addOwner_personOwningAnotherMailbox_ownsBoth() throws Exception {
    admin.modify(PHARMACY_FW844, add(Attr.OWNER, JOHN_SMITH));

    assertEquals(normalised(JOHN_SMITH2, JOHN_SMITH), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.OWNER));
  }

  @Test
  void memberOf_personLinkedToTwoMailboxes_listsBothForAdminAndThemselvesButNoneForOthers() throws Exception {
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, MARYANN_ROBERTS));
    admin.modify(PHARMACY_FW844, add(Attr.MEMBER, MARYANN_ROBERTS));
    Set<String> both = normalised(PHARMACY_FA123, PHARMACY_FW844);

    assertEquals(both, dns(admin, MARYANN_ROBERTS, Attr.MEMBER_OF));
    LDAPConnection maryAnn = SampleDirectory.bindAsPerson(server, MARYANN_ROBERTS);
    assertEquals(both, dns(maryAnn, MARYANN_ROBERTS, Attr.MEMBER_OF));
    LDAPConnection zoe = SampleDirectory.bindAsPerson(server, ZOE_CLARKE);
    assertEquals(Set.of(), dns(zoe, MARYANN_ROBERTS, Attr.MEMBER_OF));
  }

  @Test
  void memberOf_notRequested_isNotReturned() throws Exception {
    Entry entry = admin.getEntry(JOHN_SMITH);

    assertFalse(entry.hasAttribute(Attr.MEMBER_OF));
    assertEquals(normalised(PHARMACY_FA123), dns(admin, JOHN_SMITH, Attr.MEMBER_OF));
  }

  @Test
  void memberOf_ownerOfTheMailbox_seesAnotherMembersLinkToIt() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(server, JOHN_SMITH);

    assertEquals(normalised(PHARMACY_FA123), dns(john, PRIYA_PATEL_SHARMA, Attr.MEMBER_OF));
  }
}
