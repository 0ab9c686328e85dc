package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Add over a real socket: schema and naming checks with their result codes, access, and what the
 * server adds itself. Every test adds entries of its own, so the class shares one server.
 */
class AddConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  /** An organizational unit for entries that are about LDAP rather than the NHS. */
  private static final String TEST_OU = "ou=Add Conformance," + BASE;

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    admin.add(SampleDirectory.organizationalUnit("Add Conformance", BASE));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  private static Entry person(String uid, String givenName, String sn, String mobile) {
    return SampleDirectory.newPerson(uid, givenName, sn, mobile);
  }

  private static Entry testOu(String ou) {
    return SampleDirectory.organizationalUnit(ou, TEST_OU);
  }

  private static Set<String> lowerCase(String[] values) {
    Set<String> out = new TreeSet<>();
    for (String value : values) {
      out.add(value.toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  // ---------------------------------------------------------------- success

  @Test
  void add_completePerson_succeedsAndIsReadable() throws Exception {
    Entry jane = person("jane.doe", "Jane", "Doe", "+447700900201");
    assertEquals(ResultCode.SUCCESS, admin.add(jane).getResultCode());

    SearchResultEntry stored = admin.getEntry(jane.getDN());
    assertNotNull(stored);
    assertEquals("Doe", stored.getAttributeValue("sn"));
    assertEquals("jane.doe@nhs.net", stored.getAttributeValue("mail"));
    assertDns(
        admin.search(BASE, SearchScope.SUB, "(uid=jane.doe)").getSearchEntries(), jane.getDN());
  }

  @Test
  void add_byHelpdesk_succeeds() throws Exception {
    Entry entry = testOu("By Helpdesk");
    assertEquals(ResultCode.SUCCESS, SERVER.helpdesk().add(entry).getResultCode());
  }

  @Test
  void add_onlyTheMostSpecificClass_getsItsSuperiorClasses() throws Exception {
    String dn = "cn=Visiting Locum," + TEST_OU;
    admin.add(
        new Entry(
            dn,
            new Attribute("objectClass", "inetOrgPerson"),
            new Attribute("cn", "Visiting Locum"),
            new Attribute("sn", "Locum")));

    String[] classes = admin.getEntry(dn, "objectClass").getObjectClassValues();
    assertEquals(
        Set.of("top", "person", "organizationalperson", "inetorgperson"), lowerCase(classes));
  }

  @Test
  void add_stampsOperationalAttributesFromTheServerClock() throws Exception {
    Entry entry = testOu("Stamped");
    admin.add(entry);

    SearchResultEntry stored = admin.getEntry(entry.getDN(), "+");
    assertEquals(
        ServerExtension.NOW, stored.getAttributeValueAsDate("createTimestamp").toInstant());
    assertEquals(
        ServerExtension.NOW, stored.getAttributeValueAsDate("modifyTimestamp").toInstant());
    assertEquals(Attr.NAS_ADMIN_DN, stored.getAttributeValue("creatorsName"));
    assertEquals(Attr.NAS_ADMIN_DN, stored.getAttributeValue("modifiersName"));
    assertNotNull(UUID.fromString(stored.getAttributeValue("entryUUID")));
  }

  @Test
  void add_aliasAttributeName_isStoredUnderTheCanonicalName() throws Exception {
    String dn = "nhsOdsCode=FB456," + PHARMACY;
    admin.add(
        new Entry(
            dn,
            new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
            new Attribute("nhsIDCode", "FB456"),
            new Attribute("ou", "Brookside Pharmacy"),
            new Attribute("nhsOrgType", "pharmacy"),
            new Attribute("nhsOrgStatus", "active")));

    SearchResultEntry stored = admin.getEntry(dn);
    List<String> names = new ArrayList<>();
    for (Attribute attribute : stored.getAttributes()) {
      names.add(attribute.getName());
    }
    assertTrue(names.contains("nhsOdsCode"), names::toString);
    assertFalse(names.contains("nhsIDCode"), names::toString);
    assertDns(admin.search(BASE, SearchScope.SUB, "(nhsOdsCode=FB456)").getSearchEntries(), dn);
  }

  @Test
  void add_password_isStoredHashedAndNeverReturned() throws Exception {
    Entry jack = person("jack.frost", "Jack", "Frost", "+447700900202");
    jack.addAttribute("userPassword", "Winter-Garden-7");
    admin.add(jack);

    // The password works; the stored value is a salted hash, which is not itself a password.
    assertEquals(
        ResultCode.SUCCESS,
        SERVER.anonymous().bind(jack.getDN(), "Winter-Garden-7").getResultCode());
    String stored =
        SERVER
            .server()
            .store()
            .get(SERVER.server().store().key(jack.getDN()))
            .getAttributeValue("userPassword");
    assertTrue(stored.startsWith("{PBKDF2-SHA256}"), stored);
    assertFails(
        ResultCode.INVALID_CREDENTIALS, null, () -> SERVER.anonymous().bind(jack.getDN(), stored));
    assertFalse(admin.getEntry(jack.getDN(), "*", "userPassword").hasAttribute("userPassword"));
  }

  // ---------------------------------------------------------------- naming and existence

  @Test
  void add_existingEntry_isEntryAlreadyExists() {
    Entry again = person("john.smith", "John", "Smith", "+447700900203");
    assertFails(ResultCode.ENTRY_ALREADY_EXISTS, "already exists", () -> admin.add(again));
  }

  @Test
  void add_existingEntrySpelledDifferently_isEntryAlreadyExists() {
    Entry again = person("john.smith", "John", "Smith", "+447700900204");
    again.setDN("UID=John.Smith, nhsIDCode=fa123, OU=pharmacy, ou=Organisations, DC=NHS, dc=net");
    assertFails(ResultCode.ENTRY_ALREADY_EXISTS, "already exists", () -> admin.add(again));
  }

  @Test
  void add_underMissingParent_isNoSuchObjectWithMatchedDn() {
    Entry orphan = person("jane.roe", "Jane", "Roe", "+447700900205");
    orphan.setDN("uid=jane.roe,nhsOdsCode=FZ999," + PHARMACY);
    LDAPException e =
        assertFails(ResultCode.NO_SUCH_OBJECT, "nhsOdsCode=FZ999", () -> admin.add(orphan));
    assertMatchedDn(e, PHARMACY);
  }

  @Test
  void add_severalLevelsBelowTheLastExistingEntry_namesThatEntryAsMatchedDn() {
    Entry deep = testOu("Deep");
    deep.setDN("ou=Deep,ou=Missing,ou=Also Missing," + TEST_OU);
    LDAPException e =
        assertFails(ResultCode.NO_SUCH_OBJECT, "does not exist", () -> admin.add(deep));
    assertMatchedDn(e, TEST_OU);
  }

  @Test
  void add_rdnValueMissingFromEntry_isNamingViolation() {
    Entry entry = testOu("Rdn Missing");
    entry.setAttribute("ou", "Something Else");
    assertFails(ResultCode.NAMING_VIOLATION, "ou=Rdn Missing", () -> admin.add(entry));
  }

  @Test
  void add_invalidDn_isInvalidDnSyntax() {
    Entry entry = testOu("Bad");
    entry.setDN("this is not a DN");
    assertFails(ResultCode.INVALID_DN_SYNTAX, "not a valid DN", () -> admin.add(entry));
  }

  @Test
  void add_schemaOrRootDse_isUnwillingToPerform() {
    Entry schema =
        new Entry(
            "cn=schema",
            new Attribute("objectClass", "top", "subentry"),
            new Attribute("cn", "schema"));
    assertFails(ResultCode.UNWILLING_TO_PERFORM, "read-only", () -> admin.add(schema));
    Entry rootDse = new Entry("", new Attribute("objectClass", "top", "extensibleObject"));
    assertFails(ResultCode.UNWILLING_TO_PERFORM, "read-only", () -> admin.add(rootDse));
  }

  // ---------------------------------------------------------------- schema

  @Test
  void add_missingMustAttribute_isObjectClassViolation() {
    Entry entry =
        new Entry(
            "cn=No Surname," + TEST_OU,
            new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
            new Attribute("cn", "No Surname"));
    assertFails(ResultCode.OBJECT_CLASS_VIOLATION, "sn", () -> admin.add(entry));
  }

  @Test
  void add_withoutStructuralClass_isObjectClassViolation() {
    Entry entry =
        new Entry(
            "cn=Auxiliary Only," + TEST_OU,
            new Attribute("objectClass", "top", "extensibleObject"),
            new Attribute("cn", "Auxiliary Only"));
    assertFails(ResultCode.OBJECT_CLASS_VIOLATION, "structural", () -> admin.add(entry));
  }

  @Test
  void add_attributeNoClassAllows_isObjectClassViolation() {
    Entry entry = testOu("With Mail");
    entry.addAttribute("mail", "with.mail@nhs.net");
    assertFails(ResultCode.OBJECT_CLASS_VIOLATION, "mail", () -> admin.add(entry));
  }

  @Test
  void add_undefinedAttribute_isUndefinedAttributeType() {
    Entry entry = testOu("Undefined");
    entry.addAttribute("favouriteColour", "green");
    assertFails(ResultCode.UNDEFINED_ATTRIBUTE_TYPE, "favouriteColour", () -> admin.add(entry));
  }

  @Test
  void add_undefinedObjectClass_isObjectClassViolation() {
    Entry entry = testOu("Undefined Class");
    entry.setAttribute("objectClass", "top", "organizationalUnit", "nhsSpaceship");
    assertFails(ResultCode.OBJECT_CLASS_VIOLATION, "nhsSpaceship", () -> admin.add(entry));
  }

  @Test
  void add_integerAttributeNotANumber_isInvalidAttributeSyntax() {
    Entry org =
        new Entry(
            "nhsOdsCode=FC789," + PHARMACY,
            new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
            new Attribute("nhsOdsCode", "FC789"),
            new Attribute("ou", "Canal Pharmacy"),
            new Attribute("nhsOrgType", "pharmacy"),
            new Attribute("nhsOrgStatus", "active"),
            new Attribute("nhsAccountLimit", "abc"));
    assertFails(ResultCode.INVALID_ATTRIBUTE_SYNTAX, "nhsAccountLimit", () -> admin.add(org));
  }

  @Test
  void add_booleanAttributeNeitherTrueNorFalse_isInvalidAttributeSyntax() {
    Entry entry = person("maybe.hidden", "Maybe", "Hidden", "+447700900208");
    entry.setAttribute("nhsHideMobile", "maybe");
    assertFails(ResultCode.INVALID_ATTRIBUTE_SYNTAX, "nhsHideMobile", () -> admin.add(entry));
  }

  @Test
  void add_twoValuesOfSingleValuedAttribute_isConstraintViolation() {
    Entry entry = person("two.values", "Two", "Values", "+447700900209");
    entry.setAttribute("nhsHideMobile", "TRUE", "FALSE");
    assertFails(ResultCode.CONSTRAINT_VIOLATION, "nhsHideMobile", () -> admin.add(entry));
  }

  @Test
  void add_serverMaintainedAttribute_isConstraintViolation() {
    Entry entry = testOu("Backdated");
    entry.addAttribute("createTimestamp", "20200101000000Z");
    assertFails(ResultCode.CONSTRAINT_VIOLATION, "createTimestamp", () -> admin.add(entry));
  }

  // ---------------------------------------------------------------- access

  @Test
  void add_anonymous_isInsufficientAccessRights() {
    Entry entry = testOu("Anonymous");
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "anonymous", () -> SERVER.anonymous().add(entry));
  }

  @Test
  void add_ordinaryPerson_isInsufficientAccessRights() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(SERVER, JOHN_SMITH);
    Entry entry = person("john.friend", "John", "Friend", "+447700900210");
    assertFails(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "access", () -> john.add(entry));
    assertNull(admin.getEntry(entry.getDN()));
  }
}
