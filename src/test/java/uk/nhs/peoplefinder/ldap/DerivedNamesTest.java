package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertRefused;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * The names the server derives (R-PERSON-NAME, R-SHARED-NAME, R-APP-NAME, R-ODS) and the rules
 * that guard them (R-MOBILE, R-DISPLAY, R-LEGACY), end to end through the UnboundID client as
 * the NAS administrator, sector by sector. The class shares one server, so every test adds names,
 * mobiles and ODS codes of its own; the clash numbering of John Smith lives in one test.
 */
class DerivedNamesTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  /** The add control that lets the server choose the entry's name (no value). */
  static final String SERVER_CHOOSES_NAME = "2.25.13898788690874044231628000653816355596.3.1";

  private static final String PHARMACY = Attr.PHARMACY_DN;
  private static final String FA123 = "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
  private static final String FW844 = "nhsOdsCode=FW844,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
  private static final String A81001 = "nhsOdsCode=A81001,ou=GP,ou=Organisations,dc=nhs,dc=net";
  private static final String RX1 = "nhsOdsCode=RX1,ou=Trust,ou=Organisations,dc=nhs,dc=net";
  private static final String RX1AB = "nhsOdsCode=RX1AB,ou=Trust,ou=Organisations,dc=nhs,dc=net";

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  // ---------------------------------------------------------------- entries without derived values

  /** A new personal account with only the facts: the server derives uid, mail, cn and the rest. */
  private static Entry person(String parentDn, String givenName, String sn, String mobile) {
    return new Entry(
        "uid=new," + parentDn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("givenName", givenName),
        new Attribute("sn", sn),
        new Attribute("mobile", mobile),
        new Attribute("nhsAltEmail", "someone@example.com"));
  }

  private static Entry organisation(String code, String sector, String type, String name, String town) {
    return new Entry(
        "nhsOdsCode=" + code + ",ou=" + sector + "," + Attr.ORGANISATIONS_DN,
        new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
        new Attribute("nhsOdsCode", code),
        new Attribute("ou", name),
        new Attribute("nhsOrgType", type),
        new Attribute("nhsOrgStatus", "active"),
        new Attribute("l", town));
  }

  private static Entry mailbox(String orgDn) {
    return new Entry("uid=new," + orgDn, new Attribute("objectClass", "top", "nhsSharedMailbox"));
  }

  private static Entry application(String orgDn, String purpose) {
    return new Entry(
        "uid=new," + orgDn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("nhsAccountKind", "application"),
        new Attribute("sn", purpose));
  }

  /** The add request with the server-chooses-the-name control and a post-read of every user attribute. */
  private static AddRequest namedByServer(Entry entry) {
    AddRequest request = new AddRequest(entry);
    request.addControl(new Control(SERVER_CHOOSES_NAME, false));
    request.addControl(new PostReadRequestControl());
    return request;
  }

  /** Adds with the server choosing the name; returns the stored entry from the post-read control. */
  private static Entry addNamedByServer(Entry entry) throws LDAPException {
    LDAPResult result = admin.add(namedByServer(entry));
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    PostReadResponseControl postRead = PostReadResponseControl.get(result);
    assertNotNull(postRead, "post-read response control");
    return postRead.getEntry();
  }

  private static void assertPerson(Entry stored, String uid, String orgDn, String ods, String displayName) {
    assertEquals("uid=" + uid + "," + orgDn, stored.getDN(), "DN");
    assertEquals(uid, stored.getAttributeValue("uid"), "uid");
    assertEquals(uid + "@nhs.net", stored.getAttributeValue("mail"), "mail");
    assertEquals(displayName, stored.getAttributeValue("cn"), "cn");
    assertEquals(displayName, stored.getAttributeValue("displayName"), "displayName");
    assertEquals(List.of("SMTP:" + uid + "@nhs.net"), List.of(stored.getAttributeValues("proxyAddresses")), "proxyAddresses");
    assertEquals(ods, stored.getAttributeValue("nhsOdsCode"), "nhsOdsCode");
    assertEquals("person", stored.getAttributeValue("nhsAccountKind"), "nhsAccountKind");
  }

  private static void assertMailbox(Entry stored, String uid, String orgDn, String ods, String displayName) {
    assertEquals("uid=" + uid + "," + orgDn, stored.getDN(), "DN");
    assertEquals(uid, stored.getAttributeValue("uid"), "uid");
    assertEquals(uid + "@nhs.net", stored.getAttributeValue("mail"), "mail");
    assertEquals(displayName, stored.getAttributeValue("cn"), "cn");
    assertEquals(displayName, stored.getAttributeValue("displayName"), "displayName");
    assertEquals(List.of("SMTP:" + uid + "@nhs.net"), List.of(stored.getAttributeValues("proxyAddresses")), "proxyAddresses");
    assertEquals(ods, stored.getAttributeValue("nhsOdsCode"), "nhsOdsCode");
    assertEquals("current", stored.getAttributeValue("nhsMailboxFormat"), "nhsMailboxFormat");
  }

  // ---------------------------------------------------------------- pharmacy people (R-PERSON-NAME)

  @Test
  void add_serverChoosesNameOnAnExistingEntryItDoesNotRename_isEntryAlreadyExistsAndChangesNothing()
      throws Exception {
    Entry overwrite =
        new Entry(
            "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net",
            new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
            new Attribute("nhsOdsCode", "FA123"),
            new Attribute("ou", "Overwritten Pharmacy"),
            new Attribute("nhsOrgType", "pharmacy"),
            new Attribute("nhsOrgStatus", "active"),
            new Attribute("l", "Leeds"));
    assertRefused(admin, namedByServer(overwrite), ResultCode.ENTRY_ALREADY_EXISTS, "already exists");
    assertEquals(
        "Riverside Pharmacy",
        admin.getEntry("nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net").getAttributeValue("ou"));
  }

  @Test
  void pharmacyPerson_johnSmith_isNumberedPastEveryTakenAddress() throws Exception {
    // john.smith (FA123) and john.smith2 (FW844) are in the seed: the next is john.smith3.
    Entry plain = person(FW844, "John", "Smith", "+447700900501");
    plain.setDN("uid=john.smith," + FW844);
    plain.addAttribute("uid", "john.smith");
    assertRefused(admin, new AddRequest(plain), ResultCode.NAMING_VIOLATION, "uid=john.smith3," + FW844);

    Entry exact = person(FA123, "John", "Smith", "+447700900501");
    exact.setDN("uid=john.smith," + FA123);
    assertRefused(admin, new AddRequest(exact), ResultCode.ENTRY_ALREADY_EXISTS, "already exists");

    Entry stored = addNamedByServer(person(FA123, "John", "Smith", "+447700900501"));

    assertPerson(stored, "john.smith3", FA123, "FA123", "John Smith (RIVERSIDE PHARMACY)");
    assertEquals("+447700900501", stored.getAttributeValue("mobile"));
    assertNotNull(admin.getEntry("uid=john.smith3," + FA123), "stored under the chosen name");
  }

  @Test
  void pharmacyPerson_plainAddNamingTheDerivedDn_succeeds() throws Exception {
    Entry entry = person(FA123, "Harriet", "Vane", "+447700900502");
    entry.setDN("uid=harriet.vane," + FA123);

    assertEquals(ResultCode.SUCCESS, admin.add(entry).getResultCode());

    assertPerson(admin.getEntry(entry.getDN()), "harriet.vane", FA123, "FA123", "Harriet Vane (RIVERSIDE PHARMACY)");
  }

  @Test
  void pharmacyPerson_plainAddSpellingTheUidInCapitals_isStoredAsTheUidIsSpelled() throws Exception {
    Entry entry = person(FA123, "Peter", "Wimsey", "+447700900519");
    entry.setDN("UID=Peter.Wimsey," + FA123);

    assertEquals(ResultCode.SUCCESS, admin.add(entry).getResultCode());

    List<SearchResultEntry> found = admin.search(FA123, SearchScope.ONE, "(uid=peter.wimsey)").getSearchEntries();
    assertEquals(1, found.size());
    assertPerson(found.get(0), "peter.wimsey", FA123, "FA123", "Peter Wimsey (RIVERSIDE PHARMACY)");
  }

  @Test
  void pharmacyPerson_accentsApostrophesAndHyphens_areFoldedDroppedAndKept() throws Exception {
    Entry stored = addNamedByServer(person(FA123, "Zoë", "O'Neil-Brown", "+447700900503"));

    assertPerson(stored, "zoe.oneil-brown", FA123, "FA123", "Zoë O'Neil-Brown (RIVERSIDE PHARMACY)");
  }

  @Test
  void pharmacyPerson_doubleFirstName_dropsTheSpaceAndIsNumberedOnAClash() throws Exception {
    // maryann.roberts (Mary Ann, FW844) is in the seed.
    Entry stored = addNamedByServer(person(FW844, "Mary Ann", "Roberts", "+447700900504"));

    assertPerson(stored, "maryann.roberts2", FW844, "FW844", "Mary Ann Roberts (PARKWAY PHARMACY)");
  }

  @Test
  void pharmacyPerson_twoGivenNames_usesTheFirstOnly() throws Exception {
    Entry entry = person(FA123, "Sarah", "Whitfield", "+447700900505");
    entry.setAttribute("givenName", "Sarah", "Jane");

    Entry stored = addNamedByServer(entry);

    assertPerson(stored, "sarah.whitfield", FA123, "FA123", "Sarah Whitfield (RIVERSIDE PHARMACY)");
  }

  @Test
  void pharmacyPerson_suppliedMailThatDiffers_isRefusedNamingTheExpectedAddress() {
    Entry entry = person(FA123, "Imogen", "Fairfax", "+447700900506");
    entry.addAttribute("mail", "imogen.f@nhs.net");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "imogen.fairfax@nhs.net");
  }

  @Test
  void pharmacyPerson_suppliedDisplayNameThatDiffers_isRefusedNamingTheExpectedValue() {
    Entry entry = person(FA123, "Imogen", "Fairfax", "+447700900507");
    entry.addAttribute("displayName", "Imogen Fairfax");

    assertRefused(
        admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "Imogen Fairfax (RIVERSIDE PHARMACY)");
  }

  @Test
  void pharmacyPerson_suppliedDerivedValuesThatMatch_areAccepted() throws Exception {
    Entry entry = person(FA123, "Quentin", "Blake", "+447700900508");
    entry.addAttribute("mail", "QUENTIN.BLAKE@nhs.net");
    entry.addAttribute("cn", "Quentin Blake (RIVERSIDE PHARMACY)");
    entry.addAttribute("nhsOdsCode", "FA123");

    Entry stored = addNamedByServer(entry);

    assertPerson(stored, "quentin.blake", FA123, "FA123", "Quentin Blake (RIVERSIDE PHARMACY)");
  }

  // ---------------------------------------------------------------- R-MOBILE, R-DISPLAY

  @Test
  void pharmacyPerson_nationalMobile_isStoredInternational() throws Exception {
    Entry stored = addNamedByServer(person(FA123, "Nell", "Gwynne", "07700 900509"));

    assertEquals("+447700900509", stored.getAttributeValue("mobile"));
    assertEquals("+447700900509", admin.getEntry(stored.getDN(), "mobile").getAttributeValue("mobile"));
  }

  @Test
  void pharmacyPerson_mobileAlreadyHeld_isRefusedNamingTheHolderToTheAdministrator() {
    // +447700900101 is john.smith's (FA123), written here in national format.
    Entry entry = person(FW844, "Jonty", "Smithers", "07700 900101");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-MOBILE: +447700900101");
    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "john.smith@nhs.net");
  }

  @Test
  void pharmacyPerson_withoutMobile_isRefused() {
    Entry entry = person(FA123, "Olive", "Mobileless", "+447700900510");
    entry.removeAttribute("mobile");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-MOBILE");
  }

  @Test
  void pharmacyPerson_withoutAltEmail_isRefused() {
    Entry entry = person(FA123, "Olive", "Altless", "+447700900511");
    entry.removeAttribute("nhsAltEmail");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-MOBILE");
  }

  @Test
  void pharmacyPerson_notAUkMobile_isRefused() {
    Entry entry = person(FA123, "Olive", "Abroad", "+33612345678");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-MOBILE");
  }

  @Test
  void pharmacyPerson_displayNameCharacterOutsideTheList_isRefused() {
    Entry entry = person(FA123, "Jo!", "Bloggs", "+447700900512");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-DISPLAY");
  }

  // ---------------------------------------------------------------- pharmacy organisation and mailbox

  @Test
  void pharmacy_newOrganisationAndMailbox_areNamedFromItsCodeNameAndTown() throws Exception {
    String fx111 = "nhsOdsCode=FX111," + PHARMACY;
    admin.add(organisation("FX111", "Pharmacy", "pharmacy", "Minster Pharmacy", "York"));

    Entry legacy = mailbox(fx111);
    legacy.addAttribute("nhsMailboxFormat", "legacyLong");
    assertRefused(admin, namedByServer(legacy), ResultCode.UNWILLING_TO_PERFORM, "R-LEGACY");

    Entry stored = addNamedByServer(mailbox(fx111));
    assertMailbox(stored, "pharmacy.fx111", fx111, "FX111", "Pharmacy.FX111 (Minster Pharmacy, York)");

    assertRefused(admin, namedByServer(mailbox(fx111)), ResultCode.ENTRY_ALREADY_EXISTS, "R-REGISTER");
  }

  @Test
  void legacyMailbox_importedByTheNasAdministratorWithRelax_isAcceptedAndFlagged() throws Exception {
    String fx113 = "nhsOdsCode=FX113," + PHARMACY;
    admin.add(organisation("FX113", "Pharmacy", "pharmacy", "Bootham Pharmacy", "York"));
    Entry legacy = mailbox(fx113);
    legacy.addAttribute("nhsMailboxFormat", "legacyLong");

    AddRequest byHelpdesk = namedByServer(legacy);
    byHelpdesk.addControl(new Control("1.3.6.1.4.1.4203.666.5.12", true));
    assertRefused(SERVER.helpdesk(), byHelpdesk, ResultCode.UNWILLING_TO_PERFORM, "relax control");

    AddRequest request = namedByServer(legacy);
    request.addControl(new Control("1.3.6.1.4.1.4203.666.5.12", true));
    LDAPResult result = admin.add(request);
    Entry stored = PostReadResponseControl.get(result).getEntry();
    assertEquals("nhspharmacy.york.boothampharmacyfx113", stored.getAttributeValue("uid"));
    assertEquals("legacyLong", stored.getAttributeValue("nhsMailboxFormat"));
  }

  @Test
  void pharmacy_mailboxPlainAddNamingAnotherUid_isNamingViolationNamingTheDn() throws Exception {
    String fx112 = "nhsOdsCode=FX112," + PHARMACY;
    admin.add(organisation("FX112", "Pharmacy", "pharmacy", "Walmgate Pharmacy", "York"));
    Entry entry = mailbox(fx112);
    entry.setDN("uid=walmgate," + fx112);

    assertRefused(admin, new AddRequest(entry), ResultCode.NAMING_VIOLATION, "uid=pharmacy.fx112," + fx112);
  }

  @Test
  void mailbox_ofAnOrganisationWithoutATown_isRefusedRatherThanNamedWithAGap() throws Exception {
    String v9x9x = "nhsOdsCode=V9X9X,ou=Care," + Attr.ORGANISATIONS_DN;
    Entry townless = organisation("V9X9X", "Care", "care", "Townless Care", "York");
    townless.removeAttribute("l");
    admin.add(townless);

    assertRefused(admin, namedByServer(mailbox(v9x9x)), ResultCode.CONSTRAINT_VIOLATION, "R-SHARED-NAME");
  }

  // ---------------------------------------------------------------- care and dental mailboxes

  @Test
  void careHome_mailbox_isCareTownNameCode() throws Exception {
    String v9z8y = "nhsOdsCode=V9Z8Y,ou=Care," + Attr.ORGANISATIONS_DN;
    admin.add(organisation("V9Z8Y", "Care", "care", "Sunnyside Care Home", "York"));

    Entry stored = addNamedByServer(mailbox(v9z8y));

    assertMailbox(
        stored,
        "care.york.sunnysidecarehomev9z8y",
        v9z8y,
        "V9Z8Y",
        "care.york.sunnysidecarehomev9z8y@nhs.net (SUNNYSIDE CARE HOME)");
  }

  @Test
  void careHome_person_getsTheHomeNameInCapitals() throws Exception {
    String v1a2b = "nhsOdsCode=V1A2B,ou=Care," + Attr.ORGANISATIONS_DN;

    Entry stored = addNamedByServer(person(v1a2b, "Ruth", "Ellis", "+447700900513"));

    assertPerson(stored, "ruth.ellis", v1a2b, "V1A2B", "Ruth Ellis (MEADOWBANK CARE HOME)");
  }

  @Test
  void dental_mailbox_isDentalCode() throws Exception {
    String v7y6x = "nhsOdsCode=V7Y6X,ou=Dental," + Attr.ORGANISATIONS_DN;
    admin.add(organisation("V7Y6X", "Dental", "dental", "Castle Dental Practice", "Durham"));

    Entry stored = addNamedByServer(mailbox(v7y6x));

    assertMailbox(stored, "dental.v7y6x", v7y6x, "V7Y6X", "Dental.V7Y6X (Castle Dental Practice, Durham)");
  }

  // ---------------------------------------------------------------- GP and trust

  @Test
  void gp_person_getsThePracticeNameInCapitals() throws Exception {
    Entry stored = addNamedByServer(person(A81001, "Ada", "Lovelace", "+447700900514"));

    assertPerson(stored, "ada.lovelace", A81001, "A81001", "Ada Lovelace (OAKFIELD MEDICAL PRACTICE)");
  }

  @Test
  void gp_sharedMailbox_isUnwillingToPerform() {
    assertRefused(admin, namedByServer(mailbox(A81001)), ResultCode.UNWILLING_TO_PERFORM, "R-SHARED-NAME");
  }

  @Test
  void trust_personAtASite_getsTheSiteName() throws Exception {
    Entry stored = addNamedByServer(person(RX1AB, "Edith", "Cavell", "+447700900515"));

    assertPerson(stored, "edith.cavell", RX1AB, "RX1AB", "Edith Cavell (NORTHSHIRE GENERAL HOSPITAL)");
  }

  @Test
  void trust_personAtTheTrust_getsTheTrustName() throws Exception {
    Entry stored = addNamedByServer(person(RX1, "Florence", "Nightingale", "+447700900516"));

    assertPerson(stored, "florence.nightingale", RX1, "RX1", "Florence Nightingale (NORTHSHIRE HOSPITALS NHS TRUST)");
  }

  @Test
  void trust_sharedMailbox_isUnwillingToPerform() {
    assertRefused(admin, namedByServer(mailbox(RX1)), ResultCode.UNWILLING_TO_PERFORM, "R-SHARED-NAME");
  }

  // ---------------------------------------------------------------- application accounts (R-APP-NAME)

  @Test
  void application_isNamedForItsPurposeAndCreatedActive() throws Exception {
    Entry stored = addNamedByServer(application(FA123, "reminders"));

    assertEquals("uid=reminders.fa123.donotreply," + FA123, stored.getDN());
    assertEquals("reminders.fa123.donotreply", stored.getAttributeValue("uid"));
    assertEquals("reminders.fa123.donotreply@nhs.net", stored.getAttributeValue("mail"));
    assertEquals(List.of("SMTP:reminders.fa123.donotreply@nhs.net"), List.of(stored.getAttributeValues("proxyAddresses")));
    assertEquals("reminders", stored.getAttributeValue("sn"));
    assertEquals("FA123", stored.getAttributeValue("nhsOdsCode"));
    assertEquals("application", stored.getAttributeValue("nhsAccountKind"));
    assertEquals("active", stored.getAttributeValue("nhsAccountStatus"));
    assertEquals(stored.getAttributeValue("displayName"), stored.getAttributeValue("cn"));
  }

  @Test
  void application_personLikePurpose_isRefused() {
    assertRefused(
        admin, namedByServer(application(FA123, "John Smith")), ResultCode.CONSTRAINT_VIOLATION, "R-APP-NAME");
  }

  @Test
  void application_withGivenName_isRefused() {
    Entry entry = application(FA123, "prescriptions");
    entry.addAttribute("givenName", "John");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-APP-NAME");
  }

  @Test
  void application_withMobile_isRefused() {
    Entry entry = application(FA123, "collections");
    entry.addAttribute("mobile", "+447700900517");

    assertRefused(admin, namedByServer(entry), ResultCode.CONSTRAINT_VIOLATION, "R-MOBILE");
  }

  @Test
  void application_plainAddNamingAnotherUid_isNamingViolationNamingTheDn() {
    Entry entry = application(FA123, "deliveries");
    entry.setDN("uid=deliveries," + FA123);

    assertRefused(
        admin, new AddRequest(entry), ResultCode.NAMING_VIOLATION, "uid=deliveries.fa123.donotreply," + FA123);
  }

  // ---------------------------------------------------------------- R-ODS

  @Test
  void ods_lowerCaseCode_isStoredUpperCaseWithTheDnSpelledUpperCase() throws Exception {
    Entry entry = organisation("fx222", "Pharmacy", "pharmacy", "Bootham Pharmacy", "York");

    assertEquals(ResultCode.SUCCESS, admin.add(entry).getResultCode());

    List<SearchResultEntry> found =
        admin.search(Attr.ORGANISATIONS_DN, SearchScope.SUB, "(nhsOdsCode=fx222)").getSearchEntries();
    assertDns(found, "nhsOdsCode=FX222," + PHARMACY);
    assertEquals("nhsOdsCode=FX222," + PHARMACY, found.get(0).getDN());
    assertEquals("FX222", found.get(0).getAttributeValue("nhsOdsCode"));
  }

  @Test
  void ods_gpShapedCodeOnAPharmacy_isRefusedNamingTheShape() {
    Entry entry = organisation("A81999", "Pharmacy", "pharmacy", "Shapeless Pharmacy", "York");

    LDAPException e =
        assertRefused(admin, new AddRequest(entry), ResultCode.CONSTRAINT_VIOLATION, "R-ODS");
    assertTrue(e.getDiagnosticMessage().contains("F + 4"), e.getDiagnosticMessage());
  }

  @Test
  void ods_pharmacyInTheGpContainer_isNamingViolationNamingTheRightDn() {
    Entry entry = organisation("FX333", "GP", "pharmacy", "Misplaced Pharmacy", "York");

    LDAPException e =
        assertRefused(admin, new AddRequest(entry), ResultCode.NAMING_VIOLATION, "nhsOdsCode=FX333," + PHARMACY);
    assertTrue(e.getDiagnosticMessage().contains("R-ODS"), e.getDiagnosticMessage());
  }

  @Test
  void ods_codeOfAnExistingOrganisation_isRefused() {
    // V1A2B is Meadowbank Care Home; care and dental codes share one space.
    Entry dental = organisation("V1A2B", "Dental", "dental", "Meadowbank Dental", "Harrogate");
    LDAPException e =
        assertRefused(admin, new AddRequest(dental), ResultCode.CONSTRAINT_VIOLATION, "R-ODS");
    assertTrue(e.getDiagnosticMessage().contains("V1A2B"), e.getDiagnosticMessage());

    Entry sameDn = organisation("FA123", "Pharmacy", "pharmacy", "Riverside Again", "Leeds");
    assertRefused(admin, new AddRequest(sameDn), ResultCode.ENTRY_ALREADY_EXISTS, "already exists");

    Entry sameDnLowerCase = organisation("fa123", "Pharmacy", "pharmacy", "Riverside Again", "Leeds");
    assertRefused(admin, new AddRequest(sameDnLowerCase), ResultCode.ENTRY_ALREADY_EXISTS, "already exists");
  }

  @Test
  void ods_statusLetter_isStoredAsTheWord() throws Exception {
    Entry entry = organisation("FX555", "Pharmacy", "pharmacy", "Shambles Pharmacy", "York");
    entry.setAttribute("nhsOrgStatus", "C");

    admin.add(entry);

    assertEquals("closed", admin.getEntry(entry.getDN()).getAttributeValue("nhsOrgStatus"));
  }

  @Test
  void ods_unknownOrgType_isRefusedListingTheAcceptedTypes() {
    Entry entry = organisation("FX666", "Pharmacy", "chemist", "Unknown Kind", "York");

    assertRefused(
        admin,
        new AddRequest(entry),
        ResultCode.CONSTRAINT_VIOLATION,
        "pharmacy, gp, trust, care, dental, icb, other");
  }

  // ---------------------------------------------------------------- OpenLDAP's ldapmodify

  @Test
  void ldapmodify_serverChoosesNameAndPostRead_printsTheChosenUid() {
    // siobhan.oneil (FA123) is in the seed, so a second Siobhan O'Neil is siobhan.oneil2.
    String ldif =
        "dn: uid=new," + FA123 + "\n"
            + "objectClass: nhsPerson\n"
            + "givenName: Siobhan\n"
            + "sn: O'Neil\n"
            + "mobile: 07700 900518\n"
            + "nhsAltEmail: siobhan.two@example.org\n";
    List<String> plain = new ArrayList<>(OpenLdapTool.asAdmin(SERVER.url(), ServerExtension.ADMIN_PASSWORD));
    plain.addAll(List.of("-o", "ldif_wrap=no", "-a"));
    List<String> args = new ArrayList<>(plain);
    args.addAll(List.of("-e", SERVER_CHOOSES_NAME, "-e", "postread=uid,mail"));

    // Without the control the placeholder name is refused, naming the one that would be accepted.
    OpenLdapTool.Result refused = OpenLdapTool.run("ldapmodify", plain, ldif, OpenLdapTool.DEFAULT_TIMEOUT);
    assertEquals(ResultCode.NAMING_VIOLATION_INT_VALUE, refused.exitCode(), refused::describe);
    assertTrue(refused.stderr().contains("uid=siobhan.oneil2," + FA123), refused::describe);

    OpenLdapTool.Result run = OpenLdapTool.run("ldapmodify", args, ldif, OpenLdapTool.DEFAULT_TIMEOUT);

    assertEquals(0, run.exitCode(), run::describe);
    assertTrue(run.stdout().contains("uid: siobhan.oneil2"), run::describe);
    assertTrue(run.stdout().contains("mail: siobhan.oneil2@nhs.net"), run::describe);
    assertTrue(run.dns().contains("uid=siobhan.oneil2," + FA123), run::describe);
  }
}
