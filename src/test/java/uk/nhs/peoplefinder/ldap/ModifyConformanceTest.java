package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Modify over a real socket: the three kinds of change, their result codes, schema checks, and that
 * a refused modify changes nothing. Every test modifies entries it added itself, so the class
 * shares one server.
 */
class ModifyConformanceTest {
  /** A clock the test can move, to see modifyTimestamp change. */
  private static final class SettableClock extends Clock {
    private volatile Instant now = ServerExtension.NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the server clock is UTC");
    }
  }

  private static final SettableClock CLOCK = new SettableClock();

  @RegisterExtension
  static final ServerExtension SERVER = ServerExtension.with(b -> b.clock(CLOCK));

  private static final String TEST_OU = "ou=Modify Conformance," + BASE;

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    admin.add(SampleDirectory.organizationalUnit("Modify Conformance", BASE));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  /** Adds an organizational unit of the test's own with two descriptions. */
  private static String addUnit(String ou) throws LDAPException {
    Entry entry = SampleDirectory.organizationalUnit(ou, TEST_OU);
    entry.addAttribute("description", "first", "second");
    admin.add(entry);
    return entry.getDN();
  }

  /** Adds a person of the test's own at FA123, named so that R-PERSON-NAME gives them this uid. */
  private static String addPerson(String uid, String mobile) throws LDAPException {
    String given = uid.substring(0, uid.indexOf('.'));
    Entry entry =
        SampleDirectory.newPerson(uid, capitalised(given), capitalised(uid.substring(uid.indexOf('.') + 1)), mobile);
    admin.add(entry);
    return entry.getDN();
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static Set<String> values(String dn, String attribute) throws LDAPException {
    SearchResultEntry entry = admin.getEntry(dn, attribute);
    String[] values = entry.getAttributeValues(attribute);
    return values == null ? Set.of() : new TreeSet<>(List.of(values));
  }

  private static Modification mod(ModificationType type, String attribute, String... values) {
    return new Modification(type, attribute, values);
  }

  // ---------------------------------------------------------------- the three kinds of change

  @Test
  void modify_add_addsValues() throws Exception {
    String dn = addUnit("Add Values");
    admin.modify(dn, mod(ModificationType.ADD, "description", "third", "fourth"));
    assertEquals(Set.of("first", "second", "third", "fourth"), values(dn, "description"));
  }

  @Test
  void modify_addToAbsentAttribute_createsIt() throws Exception {
    String dn = addUnit("Add Attribute");
    admin.modify(dn, mod(ModificationType.ADD, "l", "Leeds"));
    assertEquals(Set.of("Leeds"), values(dn, "l"));
  }

  @Test
  void modify_replace_replacesEveryValue() throws Exception {
    String dn = addUnit("Replace Values");
    admin.modify(dn, mod(ModificationType.REPLACE, "description", "only"));
    assertEquals(Set.of("only"), values(dn, "description"));
  }

  @Test
  void modify_replaceWithNoValues_removesTheAttribute() throws Exception {
    String dn = addUnit("Replace Nothing");
    admin.modify(dn, mod(ModificationType.REPLACE, "description"));
    assertEquals(Set.of(), values(dn, "description"));
  }

  @Test
  void modify_replaceAbsentAttributeWithNoValues_isSuccess() throws Exception {
    String dn = addUnit("Replace Absent");
    assertEquals(
        ResultCode.SUCCESS, admin.modify(dn, mod(ModificationType.REPLACE, "l")).getResultCode());
  }

  @Test
  void modify_deleteValue_removesOnlyThatValue() throws Exception {
    String dn = addUnit("Delete Value");
    admin.modify(dn, mod(ModificationType.DELETE, "description", "FIRST"));
    assertEquals(Set.of("second"), values(dn, "description"));
  }

  @Test
  void modify_deleteAttribute_removesEveryValue() throws Exception {
    String dn = addUnit("Delete Attribute");
    admin.modify(dn, mod(ModificationType.DELETE, "description"));
    assertEquals(Set.of(), values(dn, "description"));
  }

  @Test
  void modify_severalChanges_applyInOrder() throws Exception {
    String dn = addUnit("In Order");
    admin.modify(
        dn,
        mod(ModificationType.DELETE, "description"),
        mod(ModificationType.ADD, "description", "new"),
        mod(ModificationType.ADD, "l", "York"));
    assertEquals(Set.of("new"), values(dn, "description"));
    assertEquals(Set.of("York"), values(dn, "l"));
  }

  @Test
  void modify_indexedAttribute_isFoundByItsNewValueOnly() throws Exception {
    String dn = addPerson("index.follows", "+447700900301");
    admin.modify(dn, mod(ModificationType.REPLACE, "mobile", "+447700900302"));
    assertDns(admin.search(BASE, SearchScope.SUB, "(mobile=+447700900302)").getSearchEntries(), dn);
    assertDns(admin.search(BASE, SearchScope.SUB, "(mobile=+447700900301)").getSearchEntries());
  }

  @Test
  void modify_aliasAttributeName_isAcceptedAndStoredUnderTheCanonicalName() throws Exception {
    String dn = addPerson("alias.name", "+447700900303");
    admin.modify(
        dn,
        mod(ModificationType.DELETE, "nhsIDCode", "FA123"),
        mod(ModificationType.ADD, "NHSIDCODE", "FA123"));

    List<String> names = new ArrayList<>();
    for (Attribute attribute : admin.getEntry(dn).getAttributes()) {
      names.add(attribute.getName());
    }
    assertTrue(names.contains("nhsOdsCode"), names::toString);
    assertFalse(names.stream().anyMatch("nhsIDCode"::equalsIgnoreCase), names::toString);
    assertTrue(
        admin.search(FA123, SearchScope.ONE, "(nhsOdsCode=FA123)").getSearchEntries().stream()
            .anyMatch(e -> e.getDN().equals(dn)));
  }

  @Test
  void modify_stampsModifyTimestampAndModifiersName() throws Exception {
    String dn = addUnit("Stamped");
    Instant created = CLOCK.now;
    Instant later = created.plus(Duration.ofHours(3));
    CLOCK.now = later;
    SERVER.helpdesk().modify(dn, mod(ModificationType.ADD, "l", "Hull"));

    SearchResultEntry entry = admin.getEntry(dn, "+");
    assertEquals(later, entry.getAttributeValueAsDate("modifyTimestamp").toInstant());
    assertEquals(Attr.HELPDESK_DN, entry.getAttributeValue("modifiersName"));
    assertEquals(created, entry.getAttributeValueAsDate("createTimestamp").toInstant());
    assertEquals(Attr.NAS_ADMIN_DN, entry.getAttributeValue("creatorsName"));
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void modify_deleteValueTheEntryLacks_isNoSuchAttribute() throws Exception {
    String dn = addUnit("Delete Missing Value");
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        null,
        () -> admin.modify(dn, mod(ModificationType.DELETE, "description", "third")));
  }

  @Test
  void modify_deleteAttributeTheEntryLacks_isNoSuchAttribute() throws Exception {
    String dn = addUnit("Delete Missing Attribute");
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        null,
        () -> admin.modify(dn, mod(ModificationType.DELETE, "l")));
  }

  @Test
  void modify_addValueTheEntryHas_isAttributeOrValueExists() throws Exception {
    String dn = addUnit("Add Existing");
    assertFails(
        ResultCode.ATTRIBUTE_OR_VALUE_EXISTS,
        null,
        () -> admin.modify(dn, mod(ModificationType.ADD, "description", "first")));
    // description matches case-insensitively, so "FIRST" is the same value.
    assertFails(
        ResultCode.ATTRIBUTE_OR_VALUE_EXISTS,
        null,
        () -> admin.modify(dn, mod(ModificationType.ADD, "description", "FIRST")));
  }

  @Test
  void modify_missingEntry_isNoSuchObjectWithMatchedDn() {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "does not exist",
            () ->
                admin.modify("uid=nobody," + FA123, mod(ModificationType.REPLACE, "sn", "Nobody")));
    assertMatchedDn(e, FA123);
  }

  @Test
  void modify_invalidDn_isInvalidDnSyntax() {
    assertFails(
        ResultCode.INVALID_DN_SYNTAX,
        "not a valid DN",
        () -> admin.modify("this is not a DN", mod(ModificationType.REPLACE, "sn", "x")));
  }

  @Test
  void modify_removingTheRdnValue_isNotAllowedOnRdn() throws Exception {
    String dn = addUnit("Named");
    assertFails(
        ResultCode.NOT_ALLOWED_ON_RDN,
        "ou=Named",
        () -> admin.modify(dn, mod(ModificationType.REPLACE, "ou", "Renamed")));
    assertFails(
        ResultCode.NOT_ALLOWED_ON_RDN,
        "ou=Named",
        () -> admin.modify(dn, mod(ModificationType.DELETE, "ou")));
    assertEquals(Set.of("Named"), values(dn, "ou"));
  }

  @Test
  void modify_changingTheStructuralClass_isObjectClassModsProhibited() throws Exception {
    String dn = "cn=Printer," + TEST_OU;
    admin.add(
        new Entry(
            dn, new Attribute("objectClass", "top", "device"), new Attribute("cn", "Printer")));
    assertFails(
        ResultCode.OBJECT_CLASS_MODS_PROHIBITED,
        "structural",
        () ->
            admin.modify(
                dn, mod(ModificationType.REPLACE, "objectClass", "top", "applicationProcess")));
  }

  @Test
  void modify_turningAPersonIntoAnotherClass_isObjectClassModsProhibited() throws Exception {
    // Even though the entry would also break its new class, the class change is what is refused.
    String dn = addPerson("class.change", "+447700900304");
    assertFails(
        ResultCode.OBJECT_CLASS_MODS_PROHIBITED,
        "structural",
        () -> admin.modify(dn, mod(ModificationType.DELETE, "objectClass", "nhsPerson")));
  }

  @Test
  void modify_addingAnAuxiliaryClass_isAllowed() throws Exception {
    String dn = addUnit("Auxiliary");
    admin.modify(
        dn,
        mod(ModificationType.ADD, "objectClass", "extensibleObject"),
        mod(ModificationType.ADD, "mail", "auxiliary@nhs.net"));
    assertEquals(Set.of("auxiliary@nhs.net"), values(dn, "mail"));
  }

  @Test
  void modify_removingAMustAttribute_isObjectClassViolation() throws Exception {
    // A plain inetOrgPerson: for a personal account R-PERSON-NAME refuses first (it needs sn).
    String dn = "cn=No Surname," + TEST_OU;
    admin.add(
        new Entry(
            dn,
            new com.unboundid.ldap.sdk.Attribute("objectClass", "inetOrgPerson"),
            new com.unboundid.ldap.sdk.Attribute("cn", "No Surname"),
            new com.unboundid.ldap.sdk.Attribute("sn", "Surname")));
    assertFails(
        ResultCode.OBJECT_CLASS_VIOLATION,
        "sn",
        () -> admin.modify(dn, mod(ModificationType.DELETE, "sn")));
  }

  @Test
  void modify_attributeNoClassAllows_isObjectClassViolation() throws Exception {
    String dn = addUnit("No Mail");
    assertFails(
        ResultCode.OBJECT_CLASS_VIOLATION,
        "mail",
        () -> admin.modify(dn, mod(ModificationType.ADD, "mail", "x@nhs.net")));
  }

  @Test
  void modify_undefinedAttribute_isUndefinedAttributeType() throws Exception {
    String dn = addUnit("Undefined");
    assertFails(
        ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
        "favouriteColour",
        () -> admin.modify(dn, mod(ModificationType.ADD, "favouriteColour", "green")));
  }

  @Test
  void modify_valueOfTheWrongSyntax_isInvalidAttributeSyntax() throws Exception {
    String dn = addPerson("bad.syntax", "+447700900306");
    assertFails(
        ResultCode.INVALID_ATTRIBUTE_SYNTAX,
        "nhsHideMobile",
        () -> admin.modify(dn, mod(ModificationType.REPLACE, "nhsHideMobile", "maybe")));
  }

  @Test
  void modify_secondValueOfSingleValuedAttribute_isConstraintViolation() throws Exception {
    String dn = addPerson("single.value", "+447700900307");
    assertFails(
        ResultCode.CONSTRAINT_VIOLATION,
        "nhsHideMobile",
        () -> admin.modify(dn, mod(ModificationType.ADD, "nhsHideMobile", "TRUE")));
  }

  @Test
  void modify_serverMaintainedAttribute_isConstraintViolation() throws Exception {
    String dn = addUnit("Backdated");
    assertFails(
        ResultCode.CONSTRAINT_VIOLATION,
        "modifyTimestamp",
        () ->
            admin.modify(dn, mod(ModificationType.REPLACE, "modifyTimestamp", "20200101000000Z")));
  }

  @Test
  void modify_schemaOrRootDse_isUnwillingToPerform() {
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "read-only",
        () -> admin.modify("cn=schema", mod(ModificationType.ADD, "description", "x")));
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "read-only",
        () -> admin.modify("", mod(ModificationType.ADD, "description", "x")));
  }

  @Test
  void modify_oneBadChangeAmongGoodOnes_changesNothing() throws Exception {
    String dn = addPerson("all.ornothing", "+447700900308");
    SearchResultEntry before = admin.getEntry(dn, "*", "+");
    assertFails(
        ResultCode.INVALID_ATTRIBUTE_SYNTAX,
        null,
        () ->
            admin.modify(
                dn,
                mod(ModificationType.REPLACE, "title", "Chief Pharmacist"),
                mod(ModificationType.DELETE, "nhsAltEmail"),
                mod(ModificationType.REPLACE, "nhsHideMobile", "maybe")));
    SearchResultEntry after = admin.getEntry(dn, "*", "+");
    assertEquals(before, after);
    assertNull(after.getAttributeValue("title"));
  }

  @Test
  void modify_anonymous_isInsufficientAccessRights() throws Exception {
    String dn = addUnit("Anonymous");
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> SERVER.anonymous().modify(dn, mod(ModificationType.ADD, "l", "Leeds")));
  }

  @Test
  void modify_ordinaryPersonChangingSomeoneElse_isInsufficientAccessRights() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(SERVER, JOHN_SMITH);
    String dn = addPerson("not.johns", "+447700900309");
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "access",
        () -> john.modify(dn, mod(ModificationType.REPLACE, "title", "Owner")));
    assertNull(admin.getEntry(dn, "title").getAttributeValue("title"));
  }
}
