package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.addPerson;
import static uk.nhs.peoplefinder.ldap.NewEntries.delete;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * SPEC §5, one block per row: what each role may write and what it is refused, with
 * insufficientAccessRights (50) and a message naming the role that would be needed.
 */
class AccessControlTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String A81001 = "nhsOdsCode=A81001," + Attr.GP_DN;
  private static final String ZOE_CLARKE = "uid=zoe.clarke," + A81001;
  /** nhsRole: localAdmin of A81001 in the small seed. */
  private static final String MOHAMMED_HUSSAIN = "uid=mohammed.hussain," + A81001;
  private static final String GARETH_WILLIAMS = "uid=gareth.williams,nhsOdsCode=RX1," + Attr.TRUST_DN;
  private static final String NEEDS_ADMIN = "the NAS administrator or the helpdesk";

  private LDAPConnection admin;

  @BeforeEach
  void connect() throws LDAPException {
    admin = server.admin();
  }

  private SearchResultEntry read(String dn, String... attributes) throws LDAPException {
    return admin.getEntry(dn, attributes);
  }

  // ---------------------------------------------------------------- any bound user

  @Test
  void user_changesOwnMobileVisibilityAndPassword() throws Exception {
    LDAPConnection priya = SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA);
    priya.modify(PRIYA_PATEL_SHARMA, replace(Attr.MOBILE, "+447700900777"), replace(Attr.NHS_HIDE_MOBILE, "FALSE"));
    priya.modify(PRIYA_PATEL_SHARMA, replace(Attr.USER_PASSWORD, "Green-Meadow-57"));
    SearchResultEntry after = read(PRIYA_PATEL_SHARMA, Attr.MOBILE, Attr.NHS_HIDE_MOBILE);
    assertEquals("+447700900777", after.getAttributeValue(Attr.MOBILE));
    assertEquals("FALSE", after.getAttributeValue(Attr.NHS_HIDE_MOBILE));
    server.boundAs(PRIYA_PATEL_SHARMA, "Green-Meadow-57").close();
  }

  @Test
  void user_changingAnythingElseOfTheirOwn_isRefusedNamingTheRoles() throws Exception {
    LDAPConnection priya = SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA);
    LDAPException e =
        assertFails(
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
            "you may change only your own mobile, nhsHideMobile and userPassword",
            () -> priya.modify(PRIYA_PATEL_SHARMA, replace(Attr.MOBILE, "+447700900778"), replace("title", "Boss")));
    assertTrue(e.getDiagnosticMessage().contains("local administrator of your organisation"));
    assertTrue(e.getDiagnosticMessage().contains(NEEDS_ADMIN));
    assertEquals("+447700900103", read(PRIYA_PATEL_SHARMA, Attr.MOBILE).getAttributeValue(Attr.MOBILE));
  }

  @Test
  void user_changingSomeoneElsesMobile_orAddingOrDeleting_isRefused() throws Exception {
    LDAPConnection priya = SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator of its organisation, " + NEEDS_ADMIN,
        () -> priya.modify(SIOBHAN_ONEIL, replace(Attr.MOBILE, "+447700900779")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator",
        () -> priya.delete(MARYANN_ROBERTS));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator",
        () -> priya.add(NewEntries.person(FA123, "Not", "Allowed", "+447700900780")));
    assertNotNull(read(MARYANN_ROBERTS));
  }

  // ---------------------------------------------------------------- shared mailbox owner

  @Test
  void owner_addsAndRemovesMembers_andAddsAnOwner() throws Exception {
    String newcomer = addPerson(admin, FA123, "Nina", "Newcomer", "+447700900781");
    LDAPConnection john = SampleDirectory.bindAsPerson(server, JOHN_SMITH); // owner of pharmacy.fa123
    john.modify(PHARMACY_FA123, add(Attr.MEMBER, newcomer));
    assertTrue(read(PHARMACY_FA123, Attr.MEMBER).hasAttributeValue(Attr.MEMBER, newcomer));
    john.modify(PHARMACY_FA123, delete(Attr.MEMBER, newcomer));
    assertTrue(!read(PHARMACY_FA123, Attr.MEMBER).hasAttributeValue(Attr.MEMBER, newcomer));
    john.modify(PHARMACY_FA123, add(Attr.OWNER, PRIYA_PATEL_SHARMA));
    assertTrue(read(PHARMACY_FA123, Attr.OWNER).hasAttributeValue(Attr.OWNER, PRIYA_PATEL_SHARMA));
  }

  @Test
  void owner_removingAnOwner_isRefused() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(server, JOHN_SMITH);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "removing an owner of " + PHARMACY_FA123 + " needs " + NEEDS_ADMIN,
        () -> john.modify(PHARMACY_FA123, delete(Attr.OWNER, SIOBHAN_ONEIL)));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "removing an owner",
        () -> john.modify(PHARMACY_FA123, replace(Attr.OWNER, JOHN_SMITH)));
    assertTrue(read(PHARMACY_FA123, Attr.OWNER).hasAttributeValue(Attr.OWNER, SIOBHAN_ONEIL));
    // the helpdesk may
    server.helpdesk().modify(PHARMACY_FA123, delete(Attr.OWNER, SIOBHAN_ONEIL));
  }

  @Test
  void owner_changingOtherAttributes_orAnotherMailbox_isRefused() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(server, JOHN_SMITH);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "an owner may change only member and owner",
        () -> john.modify(PHARMACY_FA123, replace("description", "ours")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator of its organisation",
        () -> john.modify(PHARMACY_FW844, add(Attr.MEMBER, JOHN_SMITH)));
    // a member who is not an owner is not an owner
    LDAPConnection priya = SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator",
        () -> priya.modify(PHARMACY_FA123, add(Attr.OWNER, PRIYA_PATEL_SHARMA)));
  }

  // ---------------------------------------------------------------- local administrator

  @Test
  void localAdmin_addsModifiesAndDeletesInsideTheirOrganisation() throws Exception {
    LDAPConnection mohammed = SampleDirectory.bindAsPerson(server, MOHAMMED_HUSSAIN);
    String dn = addPerson(mohammed, A81001, "Lena", "Locum", "+447700900782");
    mohammed.modify(dn, replace("title", "Locum GP"));
    mohammed.modify(ZOE_CLARKE, replace("title", "Senior Partner"), replace(Attr.NHS_HIDE_MOBILE, "TRUE"));
    mohammed.modify(A81001, replace("description", "Open 8-6"));
    mohammed.delete(dn);
    assertNull(read(dn));
    assertEquals("Senior Partner", read(ZOE_CLARKE, "title").getAttributeValue("title"));
  }

  @Test
  void localAdmin_outsideTheirOrganisation_isRefused() throws Exception {
    LDAPConnection mohammed = SampleDirectory.bindAsPerson(server, MOHAMMED_HUSSAIN);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "a local administrator may change only entries inside their own organisation",
        () -> mohammed.modify(JOHN_SMITH, replace("title", "Moved")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "inside their own organisation",
        () -> mohammed.add(NewEntries.person(FA123, "Not", "Mine", "+447700900783")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "inside their own organisation",
        () -> mohammed.delete(MARYANN_ROBERTS));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "changing nhsAccountLimit of " + A81001 + " needs " + NEEDS_ADMIN,
        () -> mohammed.modify(A81001, replace(Attr.NHS_ACCOUNT_LIMIT, "20")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "moving " + ZOE_CLARKE + " out of",
        () -> mohammed.modifyDN(new ModifyDNRequest(ZOE_CLARKE, "uid=zoe.clarke", true, FA123)));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "only " + NEEDS_ADMIN + " may create or grant",
        () -> mohammed.modify(ZOE_CLARKE, add(Attr.NHS_ROLE, Attr.ROLE_NAS_ADMIN)));
  }

  @Test
  void localAdmin_movesALeaverIntoTheirOrganisation_butNoOneElse() throws Exception {
    admin.modify(MARYANN_ROBERTS, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));
    LDAPConnection mohammed = SampleDirectory.bindAsPerson(server, MOHAMMED_HUSSAIN);
    mohammed.modifyDN(new ModifyDNRequest(MARYANN_ROBERTS, "uid=maryann.roberts", true, A81001));
    assertNotNull(read("uid=maryann.roberts," + A81001));
    assertNull(read(MARYANN_ROBERTS));

    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "only an account whose nhsAccountStatus is leaver (joiner)",
        () -> mohammed.modifyDN(new ModifyDNRequest(GARETH_WILLIAMS, "uid=gareth.williams", true, A81001)));
    assertNotNull(read(GARETH_WILLIAMS));
  }

  @Test
  void ordinaryUser_cannotMoveALeaver() throws Exception {
    admin.modify(MARYANN_ROBERTS, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));
    LDAPConnection zoe = SampleDirectory.bindAsPerson(server, ZOE_CLARKE);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "needs a local administrator of its organisation",
        () -> zoe.modifyDN(new ModifyDNRequest(MARYANN_ROBERTS, "uid=maryann.roberts", true, A81001)));
  }
}
