package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertRefused;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.dns;
import static uk.nhs.peoplefinder.ldap.NewEntries.normalised;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.StaticUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The directory stays whole across deletes, leavers and moves (R-DELETE, R-LEAVER, R-OWNER,
 * R-RENAME, R-OPEN-ORG): links follow or are dropped in the same write, and nothing is half
 * applied. End to end as the NAS administrator, on a fresh small seed per test.
 */
class IntegrityTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String FB456 = "nhsOdsCode=FB456," + PHARMACY;
  private static final String PRIYA_AT_FW844 = "uid=priya.patel-sharma," + FW844;
  private static final String SIOBHAN_AT_FW844 = "uid=siobhan.oneil," + FW844;

  private LDAPConnection admin;

  @BeforeEach
  void connect() throws LDAPException {
    admin = server.admin();
  }

  private static Entry personNamed(String uid, String orgDn, String givenName, String sn, String mobile) {
    Entry entry = NewEntries.person(orgDn, givenName, sn, mobile);
    entry.setDN("uid=" + uid + "," + orgDn);
    return entry;
  }

  private void addClosedPharmacy() throws LDAPException {
    admin.add(
        NewEntries.organisation("FB456", "Pharmacy", "pharmacy", "Canal Street Pharmacy", "Hebden Bridge", "closed"));
  }

  // ---------------------------------------------------------------- R-DELETE

  @Test
  void delete_linkedPersonWhoIsNotTheLastOwner_isUnlinkedFromEveryMailbox() throws Exception {
    admin.modify(PHARMACY_FW844, add(Attr.MEMBER, SIOBHAN_ONEIL));

    admin.delete(SIOBHAN_ONEIL);

    assertNull(admin.getEntry(SIOBHAN_ONEIL));
    assertEquals(normalised(JOHN_SMITH), dns(admin, PHARMACY_FA123, Attr.OWNER));
    assertEquals(normalised(JOHN_SMITH, PRIYA_PATEL_SHARMA), dns(admin, PHARMACY_FA123, Attr.MEMBER));
    assertEquals(normalised(JOHN_SMITH2), dns(admin, PHARMACY_FW844, Attr.MEMBER));
  }

  @Test
  void delete_member_isUnlinked() throws Exception {
    admin.delete(PRIYA_PATEL_SHARMA);

    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.MEMBER));
  }

  @Test
  void delete_lastOwner_isUnwillingToPerformAndChangesNothing() throws Exception {
    admin.modify(PHARMACY_FA123, add(Attr.MEMBER, JOHN_SMITH2));

    assertRefused(
        admin,
        new DeleteRequest(JOHN_SMITH2),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-DELETE: john.smith2@nhs.net is the last owner of pharmacy.fw844@nhs.net; name another owner");

    assertNotNull(admin.getEntry(JOHN_SMITH2));
    assertEquals(normalised(JOHN_SMITH2), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertTrue(dns(admin, PHARMACY_FA123, Attr.MEMBER).containsAll(normalised(JOHN_SMITH2)), "nothing half applied");
  }

  @Test
  void delete_lastOwnerAfterAnotherOwnerIsNamed_isAccepted() throws Exception {
    admin.modify(PHARMACY_FW844, add(Attr.OWNER, MARYANN_ROBERTS));

    admin.delete(JOHN_SMITH2);

    assertEquals(normalised(MARYANN_ROBERTS), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertEquals(normalised(MARYANN_ROBERTS), dns(admin, PHARMACY_FW844, Attr.MEMBER));
  }

  // ---------------------------------------------------------------- R-LEAVER

  @Test
  void markLeaver_lastOwner_isUnwillingToPerform() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(JOHN_SMITH2, replace(Attr.NHS_ACCOUNT_STATUS, "leaver")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OWNER: john.smith2@nhs.net is the last owner of pharmacy.fw844@nhs.net");

    Entry john = admin.getEntry(JOHN_SMITH2);
    assertEquals("active", john.getAttributeValue(Attr.NHS_ACCOUNT_STATUS));
    assertNull(john.getAttributeValue(Attr.NHS_LEAVER_SINCE));
  }

  @Test
  void markLeaver_member_isUnlinkedAndStampedWithTheClock() throws Exception {
    admin.modify(PRIYA_PATEL_SHARMA, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));

    Entry priya = admin.getEntry(PRIYA_PATEL_SHARMA, "*", Attr.MEMBER_OF);
    assertEquals("leaver", priya.getAttributeValue(Attr.NHS_ACCOUNT_STATUS));
    String since = priya.getAttributeValue(Attr.NHS_LEAVER_SINCE);
    assertEquals(ServerExtension.NOW, StaticUtils.decodeGeneralizedTime(since).toInstant());
    assertFalse(priya.hasAttribute(Attr.MEMBER_OF));
    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.MEMBER));
  }

  @Test
  void markLeaver_ownerWhoIsNotTheLast_isUnlinkedAsOwnerAndMember() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));

    assertEquals(normalised(JOHN_SMITH), dns(admin, PHARMACY_FA123, Attr.OWNER));
    assertEquals(normalised(JOHN_SMITH, PRIYA_PATEL_SHARMA), dns(admin, PHARMACY_FA123, Attr.MEMBER));
  }

  @Test
  void moveLeaver_toAnotherOrganisation_isAnActiveJoinerThere() throws Exception {
    admin.modify(PRIYA_PATEL_SHARMA, replace(Attr.NHS_ACCOUNT_STATUS, "leaver"));

    admin.modifyDN(PRIYA_PATEL_SHARMA, "uid=priya.patel-sharma", true, FW844);

    assertNull(admin.getEntry(PRIYA_PATEL_SHARMA));
    Entry priya = admin.getEntry(PRIYA_AT_FW844);
    assertNotNull(priya, "moved under FW844 with the same RDN");
    assertEquals("active", priya.getAttributeValue(Attr.NHS_ACCOUNT_STATUS));
    assertNull(priya.getAttributeValue(Attr.NHS_LEAVER_SINCE));
    assertEquals("FW844", priya.getAttributeValue(Attr.NHS_ODS_CODE));
    assertEquals("Priya Patel-Sharma (PARKWAY PHARMACY)", priya.getAttributeValue(Attr.CN));
    assertEquals("Priya Patel-Sharma (PARKWAY PHARMACY)", priya.getAttributeValue(Attr.DISPLAY_NAME));
    assertEquals("priya.patel-sharma", priya.getAttributeValue(Attr.UID));
    assertEquals("priya.patel-sharma@nhs.net", priya.getAttributeValue(Attr.MAIL), "a joiner keeps their address");
  }

  // ---------------------------------------------------------------- modify DN keeps links

  @Test
  void movePerson_linked_staysLinkedUnderTheNewDn() throws Exception {
    admin.modifyDN(SIOBHAN_ONEIL, "uid=siobhan.oneil", true, FW844);

    assertEquals(normalised(JOHN_SMITH, SIOBHAN_AT_FW844), dns(admin, PHARMACY_FA123, Attr.OWNER));
    assertEquals(
        normalised(JOHN_SMITH, SIOBHAN_AT_FW844, PRIYA_PATEL_SHARMA), dns(admin, PHARMACY_FA123, Attr.MEMBER));
    assertEquals(normalised(PHARMACY_FA123), dns(admin, SIOBHAN_AT_FW844, Attr.MEMBER_OF));
  }

  @Test
  void movePerson_lastOwner_staysTheOwnerUnderTheNewDn() throws Exception {
    admin.modifyDN(JOHN_SMITH2, "uid=john.smith2", true, FA123);

    String moved = "uid=john.smith2," + FA123;
    assertEquals(normalised(moved), dns(admin, PHARMACY_FW844, Attr.OWNER));
    assertEquals(normalised(moved), dns(admin, PHARMACY_FW844, Attr.MEMBER));
  }

  @Test
  void changeRdn_ofAnAccount_isUnwillingToPerform() throws Exception {
    assertRefused(
        admin,
        new ModifyDNRequest(JOHN_SMITH, "uid=john.smythe", true),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-RENAME: the uid and RDN of");
    assertRefused(
        admin,
        new ModifyDNRequest(MARYANN_ROBERTS, "uid=mary.roberts", true, FA123),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-RENAME");
    assertNotNull(admin.getEntry(JOHN_SMITH));
  }

  @Test
  void moveMailbox_isUnwillingToPerform() throws Exception {
    addOpenPharmacy();

    assertRefused(
        admin,
        new ModifyDNRequest(PHARMACY_FA123, "uid=pharmacy.fa123", true, FB456),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-SHARED-NAME: a shared mailbox stays with its organisation");
    assertRefused(
        admin,
        new ModifyDNRequest(PHARMACY_FA123, "uid=pharmacy.riverside", true),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-RENAME");
    assertNotNull(admin.getEntry(PHARMACY_FA123));
  }

  private void addOpenPharmacy() throws LDAPException {
    admin.add(
        NewEntries.organisation("FB456", "Pharmacy", "pharmacy", "Canal Street Pharmacy", "Hebden Bridge", "active"));
  }

  @Test
  void movePerson_outOfAnyOrganisation_isNamingViolation() {
    assertFails(
        ResultCode.NAMING_VIOLATION,
        "lives directly in its organisation's container",
        () -> admin.modifyDN(MARYANN_ROBERTS, "uid=maryann.roberts", true, PHARMACY));
  }

  // ---------------------------------------------------------------- subtrees with links stay put
  // Accounts live directly in an organisation, and neither organisations nor the fixed containers
  // above them move, so no modify DN can carry linked accounts along in a subtree.

  @Test
  void renameOrganisation_toAnotherOdsCode_isUnwillingToPerformAndLinksStay() throws Exception {
    assertRefused(
        admin,
        new ModifyDNRequest(FA123, "nhsOdsCode=FA124", true),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-ODS: an organisation keeps its ODS code");

    assertEquals("FA123", admin.getEntry(FA123).getAttributeValue(Attr.NHS_ODS_CODE));
    assertEquals(normalised(JOHN_SMITH, SIOBHAN_ONEIL), dns(admin, PHARMACY_FA123, Attr.OWNER));
  }

  @Test
  void moveOrganisation_toAnotherSector_isRefused() throws Exception {
    assertFails(
        ResultCode.NAMING_VIOLATION,
        "R-ODS",
        () -> admin.modifyDN(FA123, "nhsOdsCode=FA123", true, "ou=Other," + Attr.ORGANISATIONS_DN));

    assertNotNull(admin.getEntry(PHARMACY_FA123));
  }

  @Test
  void renameOrMove_aFixedContainer_isUnwillingToPerformAndLinksStay() throws Exception {
    assertRefused(
        admin, new ModifyDNRequest(PHARMACY, "ou=Chemists", true), ResultCode.UNWILLING_TO_PERFORM, "tree:");
    assertRefused(
        admin,
        new ModifyDNRequest(Attr.ORGANISATIONS_DN, "ou=Organisations", true, Attr.ADMINS_DN),
        ResultCode.UNWILLING_TO_PERFORM,
        "tree:");
    assertRefused(
        admin,
        new ModifyDNRequest(Attr.ADMINS_DN, "ou=Administrators", true),
        ResultCode.UNWILLING_TO_PERFORM,
        "tree:");
    assertRefused(
        admin, new ModifyDNRequest(Attr.NAS_ADMIN_DN, "uid=root", true), ResultCode.UNWILLING_TO_PERFORM, "tree:");

    assertEquals(normalised(JOHN_SMITH2), dns(admin, PHARMACY_FW844, Attr.OWNER));
  }

  // ---------------------------------------------------------------- R-OPEN-ORG

  @Test
  void movePerson_intoAClosedOrganisation_isUnwillingToPerform() throws Exception {
    addClosedPharmacy();

    assertRefused(
        admin,
        new ModifyDNRequest(MARYANN_ROBERTS, "uid=maryann.roberts", true, FB456),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OPEN-ORG: FB456 is closed");
    assertNotNull(admin.getEntry(MARYANN_ROBERTS));
  }

  @Test
  void addPerson_toAClosedOrganisation_isUnwillingToPerform() throws Exception {
    addClosedPharmacy();

    assertRefused(
        admin,
        new AddRequest(personNamed("edith.crawley", FB456, "Edith", "Crawley", "+447700900701")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OPEN-ORG");
  }

  @Test
  void addPerson_toAnOrganisationClosedByModify_isUnwillingToPerform() throws Exception {
    admin.modify(FW844, replace(Attr.NHS_ORG_STATUS, "C")); // the ODS letter for closed

    assertEquals("closed", admin.getEntry(FW844).getAttributeValue(Attr.NHS_ORG_STATUS));
    assertRefused(
        admin,
        new AddRequest(personNamed("edith.crawley", FW844, "Edith", "Crawley", "+447700900702")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OPEN-ORG: FW844 is closed");
  }

  @Test
  void modifyPerson_inAClosedOrganisation_isAccepted() throws Exception {
    // The people already there stay until they are moved (the compliance report lists them).
    admin.modify(FW844, replace(Attr.NHS_ORG_STATUS, "closed"));

    admin.modify(MARYANN_ROBERTS, replace("title", "Pharmacist"));

    assertEquals("Pharmacist", admin.getEntry(MARYANN_ROBERTS).getAttributeValue("title"));
  }

  @Test
  void addMailbox_toAClosedOrganisation_isUnwillingToPerform() throws Exception {
    addClosedPharmacy();

    assertRefused(
        admin,
        new AddRequest(
            "dn: uid=pharmacy.fb456," + FB456,
            "objectClass: top",
            "objectClass: nhsSharedMailbox"),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-OPEN-ORG");
  }
}
