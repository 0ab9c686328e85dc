package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertRefused;
import static uk.nhs.peoplefinder.ldap.NewEntries.add;
import static uk.nhs.peoplefinder.ldap.NewEntries.delete;
import static uk.nhs.peoplefinder.ldap.NewEntries.replace;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;

/**
 * R-RENAME (a name change is a modify of givenName/sn: new address, old one kept as an alias, uid
 * and DN unchanged), the derived values a modify cannot change, and R-LEGACY's migration of a
 * long-name pharmacy mailbox, end to end as the NAS administrator on a fresh small seed per test.
 */
class RenameTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String SIOBHAN_SMITH = "Siobhan Smith (RIVERSIDE PHARMACY)";
  private static final String FB456 = "nhsOdsCode=FB456,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
  private static final String LEGACY_LOCAL = "nhspharmacy.hebdenbridge.canalstreetpharmacyfb456";

  private LDAPConnection admin;

  @BeforeEach
  void connect() throws LDAPException {
    admin = server.admin();
  }

  private Entry read(String dn) throws LDAPException {
    return admin.getEntry(dn, "*");
  }

  private static Set<String> values(Entry entry, String attribute) {
    String[] values = entry.getAttributeValues(attribute);
    return values == null ? Set.of() : Set.of(values);
  }

  private List<? extends Entry> search(String filter) throws LDAPException {
    return admin.search(BASE, SearchScope.SUB, filter).getSearchEntries();
  }

  // ---------------------------------------------------------------- renaming a person

  @Test
  void modifySn_siobhanONeilToSmith_derivesTheNewAddressAndKeepsTheOldAsAlias() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals(SIOBHAN_ONEIL, siobhan.getDN(), "the DN stays");
    assertEquals("siobhan.oneil", siobhan.getAttributeValue(Attr.UID), "the uid stays");
    assertEquals("siobhan.smith@nhs.net", siobhan.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of("siobhan.oneil@nhs.net"), values(siobhan, Attr.NHS_MAIL_ALIAS));
    assertEquals(
        Set.of("SMTP:siobhan.smith@nhs.net", "smtp:siobhan.oneil@nhs.net"), values(siobhan, Attr.PROXY_ADDRESSES));
    assertEquals(SIOBHAN_SMITH, siobhan.getAttributeValue(Attr.CN));
    assertEquals(SIOBHAN_SMITH, siobhan.getAttributeValue(Attr.DISPLAY_NAME));
  }

  @Test
  void modifyGivenNameAndSn_together_derivesOneNewAddress() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.GIVEN_NAME, "Shiv"), replace(Attr.SN, "Smith"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals("shiv.smith@nhs.net", siobhan.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of("siobhan.oneil@nhs.net"), values(siobhan, Attr.NHS_MAIL_ALIAS));
    assertEquals("Shiv Smith (RIVERSIDE PHARMACY)", siobhan.getAttributeValue(Attr.DISPLAY_NAME));
  }

  @Test
  void modifySn_withTheNewAddressSupplied_isAccepted() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"), replace(Attr.MAIL, "siobhan.smith@nhs.net"));

    assertEquals("siobhan.smith@nhs.net", read(SIOBHAN_ONEIL).getAttributeValue(Attr.MAIL));
  }

  @Test
  void modifySn_sameAddressDifferentSpelling_changesOnlyTheDisplayName() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "ONeil"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals("siobhan.oneil@nhs.net", siobhan.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of(), values(siobhan, Attr.NHS_MAIL_ALIAS));
    assertEquals("Siobhan ONeil (RIVERSIDE PHARMACY)", siobhan.getAttributeValue(Attr.CN));
  }

  @Test
  void search_afterRename_findsTheOldAddressAsAliasOnly() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    assertDns(search("(mail=siobhan.oneil@nhs.net)"));
    assertDns(search("(nhsMailAlias=siobhan.oneil@nhs.net)"), SIOBHAN_ONEIL);
    assertDns(search("(mail=siobhan.smith@nhs.net)"), SIOBHAN_ONEIL);
    assertDns(search("(uid=siobhan.oneil)"), SIOBHAN_ONEIL);
  }

  @Test
  void modifyName_toATakenName_getsTheNextNumber() throws Exception {
    // john.smith (FA123) and john.smith2 (FW844) are in the seed.
    admin.modify(PRIYA_PATEL_SHARMA, replace(Attr.GIVEN_NAME, "John"), replace(Attr.SN, "Smith"));

    Entry priya = read(PRIYA_PATEL_SHARMA);
    assertEquals("john.smith3@nhs.net", priya.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of("priya.patel-sharma@nhs.net"), values(priya, Attr.NHS_MAIL_ALIAS));
    assertEquals("priya.patel-sharma", priya.getAttributeValue(Attr.UID));
  }

  @Test
  void modifyName_toAnAddressSomeoneElseOnceHad_isNumbered() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    // siobhan.oneil@nhs.net is Siobhan's alias now: never given to anyone else.
    admin.modify(PRIYA_PATEL_SHARMA, replace(Attr.GIVEN_NAME, "Siobhan"), replace(Attr.SN, "O'Neil"));

    assertEquals("siobhan.oneil2@nhs.net", read(PRIYA_PATEL_SHARMA).getAttributeValue(Attr.MAIL));
  }

  @Test
  void modifyName_back_restoresTheOldAddressAsPrimaryAndKeepsTheOtherAsAlias() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "O'Neil"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals("siobhan.oneil@nhs.net", siobhan.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of("siobhan.smith@nhs.net"), values(siobhan, Attr.NHS_MAIL_ALIAS));
    assertEquals(
        Set.of("SMTP:siobhan.oneil@nhs.net", "smtp:siobhan.smith@nhs.net"), values(siobhan, Attr.PROXY_ADDRESSES));
    assertEquals("Siobhan O'Neil (RIVERSIDE PHARMACY)", siobhan.getAttributeValue(Attr.DISPLAY_NAME));
  }

  @Test
  void modifyName_twice_keepsEveryOldAddress() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Jones"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals("siobhan.jones@nhs.net", siobhan.getAttributeValue(Attr.MAIL));
    assertEquals(Set.of("siobhan.oneil@nhs.net", "siobhan.smith@nhs.net"), values(siobhan, Attr.NHS_MAIL_ALIAS));
  }

  @Test
  void removeGivenName_isRefusedWithConstraintViolation() {
    assertRefused(
        admin, new ModifyRequest(SIOBHAN_ONEIL, delete(Attr.GIVEN_NAME)), ResultCode.CONSTRAINT_VIOLATION, "givenName");
  }

  // ---------------------------------------------------------------- derived values stay

  @Test
  void replaceMail_withAnotherAddress_isRefusedWithConstraintViolation() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, replace(Attr.MAIL, "siobhan@nhs.net")),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-PERSON-NAME: mail is derived by the server; leave it out or give 'siobhan.oneil@nhs.net'");
    assertEquals("siobhan.oneil@nhs.net", read(SIOBHAN_ONEIL).getAttributeValue(Attr.MAIL));
  }

  @Test
  void replaceMail_withTheSameAddress_isAccepted() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.MAIL, "Siobhan.ONeil@nhs.net"));

    assertEquals("siobhan.oneil@nhs.net", read(SIOBHAN_ONEIL).getAttributeValue(Attr.MAIL));
  }

  @Test
  void replaceUid_withAnotherValue_isNotAllowedOnRdn() {
    // The uid is the RDN's value, so the LDAP check for RDN values answers before R-RENAME's.
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, replace(Attr.UID, "siobhan.smith")),
        ResultCode.NOT_ALLOWED_ON_RDN,
        "RDN");
  }

  @Test
  void addUid_secondValue_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, add(Attr.UID, "siobhan.smith")),
        ResultCode.CONSTRAINT_VIOLATION,
        "uid is derived by the server");
  }

  @Test
  void replaceCnOrDisplayName_withAnotherValue_isRefusedWithConstraintViolation() {
    for (String attribute : List.of(Attr.CN, Attr.DISPLAY_NAME)) {
      assertRefused(
          admin,
          new ModifyRequest(SIOBHAN_ONEIL, replace(attribute, "Siobhan")),
          ResultCode.CONSTRAINT_VIOLATION,
          "'Siobhan O'Neil (RIVERSIDE PHARMACY)'");
    }
  }

  @Test
  void replaceNhsOdsCode_withAnotherOrganisation_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, replace(Attr.NHS_ODS_CODE, "FW844")),
        ResultCode.CONSTRAINT_VIOLATION,
        "nhsOdsCode is derived by the server; leave it out or give 'FA123'");
  }

  @Test
  void replaceProxyAddresses_isRefused() {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, replace(Attr.PROXY_ADDRESSES, "SMTP:someone@nhs.net")),
        ResultCode.CONSTRAINT_VIOLATION,
        "proxyAddresses");
  }

  // ---------------------------------------------------------------- aliases

  @Test
  void removeAlias_isUnwillingToPerform() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, delete(Attr.NHS_MAIL_ALIAS, "siobhan.oneil@nhs.net")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-RENAME: siobhan.oneil@nhs.net was given to siobhan.smith@nhs.net");
    assertEquals(Set.of("siobhan.oneil@nhs.net"), values(read(SIOBHAN_ONEIL), Attr.NHS_MAIL_ALIAS));
  }

  @Test
  void addAlias_freeNhsNetAddress_isAddedToProxyAddresses() throws Exception {
    admin.modify(SIOBHAN_ONEIL, add(Attr.NHS_MAIL_ALIAS, "dispensary.leeds@nhs.net"));

    Entry siobhan = read(SIOBHAN_ONEIL);
    assertEquals(Set.of("dispensary.leeds@nhs.net"), values(siobhan, Attr.NHS_MAIL_ALIAS));
    assertEquals(
        Set.of("SMTP:siobhan.oneil@nhs.net", "smtp:dispensary.leeds@nhs.net"), values(siobhan, Attr.PROXY_ADDRESSES));
    assertDns(search("(nhsMailAlias=dispensary.leeds@nhs.net)"), SIOBHAN_ONEIL);
  }

  @Test
  void addAlias_takenAddress_isRefusedWithConstraintViolation() {
    for (String taken : List.of("john.smith@nhs.net", "pharmacy.fa123@nhs.net", "JOHN.SMITH2@nhs.net")) {
      assertRefused(
          admin,
          new ModifyRequest(SIOBHAN_ONEIL, add(Attr.NHS_MAIL_ALIAS, taken)),
          ResultCode.CONSTRAINT_VIOLATION,
          "is already in use");
    }
  }

  @Test
  void addAlias_anotherPersonsOldAddress_isRefusedWithConstraintViolation() throws Exception {
    admin.modify(SIOBHAN_ONEIL, replace(Attr.SN, "Smith"));

    assertRefused(
        admin,
        new ModifyRequest(PRIYA_PATEL_SHARMA, add(Attr.NHS_MAIL_ALIAS, "siobhan.oneil@nhs.net")),
        ResultCode.CONSTRAINT_VIOLATION,
        "R-RENAME: siobhan.oneil@nhs.net is already in use");
  }

  @Test
  void addAlias_outsideNhsNet_isRefusedWithConstraintViolation() {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, add(Attr.NHS_MAIL_ALIAS, "siobhan@example.com")),
        ResultCode.CONSTRAINT_VIOLATION,
        "is not an @nhs.net address");
  }

  @Test
  void addAlias_toASharedMailbox_isAdded() throws Exception {
    admin.modify(PHARMACY_FA123, add(Attr.NHS_MAIL_ALIAS, "riverside.leeds@nhs.net"));

    assertEquals(
        Set.of("SMTP:pharmacy.fa123@nhs.net", "smtp:riverside.leeds@nhs.net"),
        values(read(PHARMACY_FA123), Attr.PROXY_ADDRESSES));
  }

  // ---------------------------------------------------------------- R-LEGACY migration

  /** A pharmacy with a legacy long-name mailbox, loaded the way seed data is (the server's own road). */
  private String legacyPharmacy() throws Exception {
    admin.add(
        NewEntries.organisation("FB456", "Pharmacy", "pharmacy", "Canal Street Pharmacy", "Hebden Bridge", "active"));
    Entry mailbox =
        new Entry(
            "uid=new," + FB456,
            new Attribute("objectClass", "top", "nhsSharedMailbox"),
            new Attribute("nhsMailboxFormat", "legacyLong"));
    Entry stored = server.server().pipeline().submit(Requester.SYSTEM, new Change.Add(mailbox, true)).after();
    return stored.getDN();
  }

  @Test
  void legacyMailbox_loadedBySeed_hasTheLongName() throws Exception {
    String dn = legacyPharmacy();

    Entry mailbox = read(dn);
    assertEquals("uid=" + LEGACY_LOCAL + "," + FB456, mailbox.getDN());
    assertEquals(LEGACY_LOCAL + "@nhs.net", mailbox.getAttributeValue(Attr.MAIL));
    assertEquals("legacyLong", mailbox.getAttributeValue(Attr.NHS_MAILBOX_FORMAT));
  }

  @Test
  void modifyFormat_legacyLongToCurrent_migratesAndKeepsTheOldAddressAsAlias() throws Exception {
    String dn = legacyPharmacy();

    admin.modify(dn, replace(Attr.NHS_MAILBOX_FORMAT, "current"));

    Entry mailbox = read(dn);
    assertEquals(dn, mailbox.getDN(), "the DN stays");
    assertEquals(LEGACY_LOCAL, mailbox.getAttributeValue(Attr.UID), "the uid stays");
    assertEquals("pharmacy.fb456@nhs.net", mailbox.getAttributeValue(Attr.MAIL));
    assertEquals("current", mailbox.getAttributeValue(Attr.NHS_MAILBOX_FORMAT));
    assertEquals(Set.of(LEGACY_LOCAL + "@nhs.net"), values(mailbox, Attr.NHS_MAIL_ALIAS));
    assertEquals(
        Set.of("SMTP:pharmacy.fb456@nhs.net", "smtp:" + LEGACY_LOCAL + "@nhs.net"),
        values(mailbox, Attr.PROXY_ADDRESSES));
    assertEquals("Pharmacy.FB456 (Canal Street Pharmacy, Hebden Bridge)", mailbox.getAttributeValue(Attr.DISPLAY_NAME));
    assertEquals(mailbox.getAttributeValue(Attr.DISPLAY_NAME), mailbox.getAttributeValue(Attr.CN));
    assertDns(search("(nhsMailAlias=" + LEGACY_LOCAL + "@nhs.net)"), dn);
    assertDns(search("(mail=pharmacy.fb456@nhs.net)"), dn);
  }

  @Test
  void modifyFormat_backToLegacy_isUnwillingToPerform() throws Exception {
    String dn = legacyPharmacy();
    admin.modify(dn, replace(Attr.NHS_MAILBOX_FORMAT, "current"));

    assertRefused(
        admin,
        new ModifyRequest(dn, replace(Attr.NHS_MAILBOX_FORMAT, "legacyLong")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-LEGACY");
    assertRefused(
        admin,
        new ModifyRequest(PHARMACY_FA123, replace(Attr.NHS_MAILBOX_FORMAT, "legacyLong")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-LEGACY");
  }

  @Test
  void removeFormat_ofALegacyMailbox_isRefusedAndItStaysFlagged() throws Exception {
    String dn = legacyPharmacy();

    assertRefused(
        admin,
        new ModifyRequest(dn, delete(Attr.NHS_MAILBOX_FORMAT)),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-LEGACY");
    assertEquals("legacyLong", read(dn).getAttributeValue(Attr.NHS_MAILBOX_FORMAT));
  }

  @Test
  void addFormat_legacySinglePasswordToAPerson_isUnwillingToPerform() throws Exception {
    assertRefused(
        admin,
        new ModifyRequest(SIOBHAN_ONEIL, add(Attr.NHS_MAILBOX_FORMAT, "legacySinglePassword")),
        ResultCode.UNWILLING_TO_PERFORM,
        "R-LEGACY");
    assertNull(read(SIOBHAN_ONEIL).getAttributeValue(Attr.NHS_MAILBOX_FORMAT));
  }

  @Test
  void migrate_withAnotherAddressSupplied_isRefusedWithConstraintViolation() throws Exception {
    String dn = legacyPharmacy();

    assertRefused(
        admin,
        new ModifyRequest(dn, replace(Attr.NHS_MAILBOX_FORMAT, "current"), replace(Attr.MAIL, "canal.street@nhs.net")),
        ResultCode.CONSTRAINT_VIOLATION,
        "'pharmacy.fb456@nhs.net'");
  }
}
