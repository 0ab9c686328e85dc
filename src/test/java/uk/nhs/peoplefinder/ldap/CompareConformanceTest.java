package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PERSON_PASSWORD;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_MOBILE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/** Compare over a real socket: the matching rules of the schema, missing things, and access. */
class CompareConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static LDAPConnection admin;

  /** John Smith, an ordinary person. */
  private static LDAPConnection john;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    SampleDirectory.givePassword(SERVER, JOHN_SMITH);
    john = new LDAPConnection("127.0.0.1", SERVER.port(), JOHN_SMITH, PERSON_PASSWORD);
  }

  @AfterAll
  static void disconnect() {
    admin.close();
    john.close();
  }

  private static ResultCode compare(
      LDAPConnection connection, String dn, String attribute, String value) throws LDAPException {
    return connection.compare(dn, attribute, value).getResultCode();
  }

  @Test
  void compare_matchingValue_isCompareTrue() throws Exception {
    assertEquals(ResultCode.COMPARE_TRUE, compare(admin, JOHN_SMITH, "sn", "Smith"));
  }

  @Test
  void compare_matchingValueInAnotherCase_isCompareTrue() throws Exception {
    // sn uses caseIgnoreMatch.
    assertEquals(ResultCode.COMPARE_TRUE, compare(admin, JOHN_SMITH, "SN", "sMITH"));
  }

  @Test
  void compare_otherValue_isCompareFalse() throws Exception {
    assertEquals(ResultCode.COMPARE_FALSE, compare(admin, JOHN_SMITH, "sn", "Smyth"));
  }

  @Test
  void compare_usesTheEqualityRuleOfTheAttribute() throws Exception {
    // telephoneNumberMatch ignores spaces and hyphens.
    assertEquals(ResultCode.COMPARE_TRUE, compare(admin, JOHN_SMITH, "mobile", "+44 7700 900101"));
  }

  @Test
  void compare_dnValueSpelledDifferently_isCompareTrue() throws Exception {
    // distinguishedNameMatch: attribute names by any of their names, values by their own rules.
    String owner = "UID=John.Smith, nhsIDCode=fa123,ou=pharmacy,ou=Organisations,dc=nhs,dc=net";
    assertEquals(ResultCode.COMPARE_TRUE, compare(admin, PHARMACY_FA123, "owner", owner));
  }

  @Test
  void compare_aliasName_comparesTheAttribute() throws Exception {
    assertEquals(ResultCode.COMPARE_TRUE, compare(admin, FA123, "nhsIDCode", "fa123"));
  }

  @Test
  void compare_attributeTheEntryLacks_isNoSuchAttribute() {
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        "telephoneNumber",
        () -> admin.compare(JOHN_SMITH, "telephoneNumber", "1"));
  }

  @Test
  void compare_undefinedAttributeType_isUndefinedAttributeType() {
    assertFails(
        ResultCode.UNDEFINED_ATTRIBUTE_TYPE,
        "noSuchAttribute",
        () -> admin.compare(JOHN_SMITH, "noSuchAttribute", "x"));
  }

  @Test
  void compare_invalidAssertionValue_isInvalidAttributeSyntax() {
    assertFails(
        ResultCode.INVALID_ATTRIBUTE_SYNTAX,
        "nhsAccountLimit",
        () -> admin.compare(FA123, "nhsAccountLimit", "ten"));
  }

  @Test
  void compare_missingEntry_isNoSuchObjectWithMatchedDn() {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "does not exist",
            () -> admin.compare("uid=nobody," + FA123, "sn", "Smith"));
    assertMatchedDn(e, FA123);
  }

  @Test
  void compare_invalidDn_isInvalidDnSyntax() {
    assertFails(
        ResultCode.INVALID_DN_SYNTAX,
        "not a valid DN",
        () -> admin.compare("not a DN", "sn", "Smith"));
  }

  @Test
  void compare_anonymous_isInsufficientAccessRights() {
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> SERVER.anonymous().compare(JOHN_SMITH, "sn", "Smith"));
  }

  @Test
  void compare_hiddenMobileByAnotherPerson_behavesAsAbsent() {
    // Neither TRUE nor FALSE: either would tell the number (R-HIDE, no oracle).
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        null,
        () -> john.compare(PRIYA_PATEL_SHARMA, "mobile", PRIYA_MOBILE));
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        null,
        () -> john.compare(PRIYA_PATEL_SHARMA, "mobile", "+447700900999"));
  }

  @Test
  void compare_hiddenMobileByAdministrator_isCompared() throws Exception {
    assertEquals(
        ResultCode.COMPARE_TRUE, compare(admin, PRIYA_PATEL_SHARMA, "mobile", PRIYA_MOBILE));
  }

  @Test
  void compare_userPassword_behavesAsAbsentEvenForTheAdministrator() {
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        null,
        () -> admin.compare(Attr.NAS_ADMIN_DN, "userPassword", ServerExtension.ADMIN_PASSWORD));
  }

  @Test
  void compare_byAnOrdinaryPerson_isAllowed() throws Exception {
    assertEquals(ResultCode.COMPARE_TRUE, compare(john, FA123, "nhsOdsCode", "FA123"));
  }
}
