package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;

import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SubtreeDeleteRequestControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Delete over a real socket: leaves only, missing entries, and access. Every test deletes entries
 * it added itself, so the class shares one server.
 */
class DeleteConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static final String TEST_OU = "ou=Delete Conformance," + BASE;

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    admin.add(SampleDirectory.organizationalUnit("Delete Conformance", BASE));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  private static String addUnit(String ou, String parentDn) throws LDAPException {
    Entry entry = SampleDirectory.organizationalUnit(ou, parentDn);
    admin.add(entry);
    return entry.getDN();
  }

  @Test
  void delete_leaf_removesItFromReadsAndIndexes() throws Exception {
    Entry person = SampleDirectory.newPerson("short.stay", "Short", "Stay", "+447700900401");
    admin.add(person);
    assertEquals(ResultCode.SUCCESS, admin.delete(person.getDN()).getResultCode());

    assertNull(admin.getEntry(person.getDN()));
    assertDns(admin.search(BASE, SearchScope.SUB, "(uid=short.stay)").getSearchEntries());
    assertDns(admin.search(BASE, SearchScope.SUB, "(mobile=+447700900401)").getSearchEntries());
  }

  @Test
  void delete_thenAddAgain_succeeds() throws Exception {
    String dn = addUnit("Again", TEST_OU);
    admin.delete(dn);
    assertEquals(
        ResultCode.SUCCESS,
        admin.add(SampleDirectory.organizationalUnit("Again", TEST_OU)).getResultCode());
  }

  @Test
  void delete_nonLeaf_isNotAllowedOnNonLeaf() throws Exception {
    String parent = addUnit("Parent", TEST_OU);
    String child = addUnit("Child", parent);
    assertFails(ResultCode.NOT_ALLOWED_ON_NONLEAF, null, () -> admin.delete(parent));
    assertFails(ResultCode.NOT_ALLOWED_ON_NONLEAF, null, () -> admin.delete(FA123));
    assertNotNull(admin.getEntry(parent));

    // Once its last child is gone it is a leaf.
    admin.delete(child);
    assertEquals(ResultCode.SUCCESS, admin.delete(parent).getResultCode());
  }

  @Test
  void delete_withCriticalSubtreeDeleteControl_isUnavailableCriticalExtension() throws Exception {
    String parent = addUnit("Subtree", TEST_OU);
    addUnit("Subtree Child", parent);
    DeleteRequest request = new DeleteRequest(parent);
    request.addControl(new SubtreeDeleteRequestControl(true));
    assertFails(
        ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
        "1.2.840.113556.1.4.805",
        () -> admin.delete(request));
    assertNotNull(admin.getEntry(parent));
  }

  @Test
  void delete_missingEntry_isNoSuchObjectWithMatchedDn() {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT, "does not exist", () -> admin.delete("uid=nobody," + FA123));
    assertMatchedDn(e, FA123);
  }

  @Test
  void delete_invalidDn_isInvalidDnSyntax() {
    assertFails(
        ResultCode.INVALID_DN_SYNTAX, "not a valid DN", () -> admin.delete("this is not a DN"));
  }

  @Test
  void delete_schemaOrRootDse_isUnwillingToPerform() {
    assertFails(ResultCode.UNWILLING_TO_PERFORM, "read-only", () -> admin.delete("cn=schema"));
    assertFails(ResultCode.UNWILLING_TO_PERFORM, "read-only", () -> admin.delete(""));
  }

  @Test
  void delete_anonymous_isInsufficientAccessRights() throws Exception {
    String dn = addUnit("Anonymous", TEST_OU);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "anonymous", () -> SERVER.anonymous().delete(dn));
    assertNotNull(admin.getEntry(dn));
  }

  @Test
  void writes_byAnonymous_revealNothingAboutWhichEntriesExist() throws Exception {
    LDAPConnection anonymous = SERVER.anonymous();
    LDAPException missing =
        assertFails(
            ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
            "anonymous",
            () -> anonymous.delete("uid=nobody,ou=Nowhere,dc=nhs,dc=net"));
    assertNull(missing.getMatchedDN());
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> anonymous.modify("uid=nobody,ou=Nowhere,dc=nhs,dc=net",
            new com.unboundid.ldap.sdk.Modification(com.unboundid.ldap.sdk.ModificationType.REPLACE, "description", "x")));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> anonymous.add(new com.unboundid.ldap.sdk.Entry(
            "ou=Organisations,dc=nhs,dc=net",
            new com.unboundid.ldap.sdk.Attribute("objectClass", "organizationalUnit"),
            new com.unboundid.ldap.sdk.Attribute("ou", "Organisations"))));
  }

  @Test
  void delete_ordinaryPerson_isInsufficientAccessRights() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(SERVER, JOHN_SMITH);
    String dn = addUnit("Not Johns", TEST_OU);
    assertFails(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, "access", () -> john.delete(dn));
    assertNotNull(admin.getEntry(dn));
  }

  @Test
  void delete_byHelpdesk_succeeds() throws Exception {
    String dn = addUnit("Helpdesk", TEST_OU);
    assertEquals(ResultCode.SUCCESS, SERVER.helpdesk().delete(dn).getResultCode());
  }
}
