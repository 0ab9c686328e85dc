package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Modify DN over a real socket: renames and moves of leaves and subtrees, indexes that follow, and
 * the refusals. Every test renames entries of its own, so the class shares one server.
 */
class ModifyDnConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static final String TEST_OU = "ou=Modify DN Conformance," + BASE;

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    admin.add(SampleDirectory.organizationalUnit("Modify DN Conformance", BASE));
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

  private static String addAccount(String uid, String parentDn) throws LDAPException {
    String dn = "uid=" + uid + "," + parentDn;
    admin.add(
        new Entry(dn, new Attribute("objectClass", "top", "account"), new Attribute("uid", uid)));
    return dn;
  }

  private static Set<String> values(String dn, String attribute) throws LDAPException {
    SearchResultEntry entry = admin.getEntry(dn, attribute);
    return new TreeSet<>(List.of(entry.getAttributeValues(attribute)));
  }

  private static List<SearchResultEntry> subtree(String base, String filter) throws LDAPException {
    return admin.search(base, SearchScope.SUB, filter).getSearchEntries();
  }

  // ---------------------------------------------------------------- renames and moves

  @Test
  void modifyDn_renameLeafDeletingOldRdn_removesTheOldValue() throws Exception {
    String dn = addUnit("Old Name", TEST_OU);
    String renamed = "ou=New Name," + TEST_OU;
    assertEquals(ResultCode.SUCCESS, admin.modifyDN(dn, "ou=New Name", true).getResultCode());

    assertNull(admin.getEntry(dn));
    assertEquals(Set.of("New Name"), values(renamed, "ou"));
  }

  @Test
  void modifyDn_renameLeafKeepingOldRdn_keepsTheOldValue() throws Exception {
    String dn = addUnit("Kept Name", TEST_OU);
    String renamed = "ou=Added Name," + TEST_OU;
    admin.modifyDN(dn, "ou=Added Name", false);

    assertNull(admin.getEntry(dn));
    assertEquals(Set.of("Kept Name", "Added Name"), values(renamed, "ou"));
  }

  @Test
  void modifyDn_joinerMovedToAnotherOrganisation_keepsUidAndLeavesTheOldPlace() throws Exception {
    String moved = "uid=maryann.roberts," + FA123;
    admin.modifyDN(MARYANN_ROBERTS, "uid=maryann.roberts", true, FA123);

    assertNull(admin.getEntry(MARYANN_ROBERTS));
    SearchResultEntry entry = admin.getEntry(moved);
    assertNotNull(entry);
    assertEquals("maryann.roberts", entry.getAttributeValue("uid"));
    // Indexed lookups find the entry at its new DN only.
    assertDns(subtree(BASE, "(uid=maryann.roberts)"), moved);
    assertDns(subtree(BASE, "(mail=maryann.roberts@nhs.net)"), moved);
    assertDns(admin.search(FW844, SearchScope.ONE, "(uid=maryann.roberts)").getSearchEntries());
  }

  @Test
  void modifyDn_renameNonLeaf_takesTheWholeSubtreeAlong() throws Exception {
    String branch = addUnit("Branch", TEST_OU);
    String leaf = addUnit("Leaf", branch);
    addUnit("Other Leaf", branch);
    addAccount("twig.account", leaf);

    admin.modifyDN(branch, "ou=Trunk", true);

    String trunk = "ou=Trunk," + TEST_OU;
    assertDns(
        subtree(trunk, "(objectClass=*)"),
        trunk,
        "ou=Leaf," + trunk,
        "ou=Other Leaf," + trunk,
        "uid=twig.account,ou=Leaf," + trunk);
    assertFails(ResultCode.NO_SUCH_OBJECT, null, () -> subtree(branch, "(objectClass=*)"));
    assertDns(subtree(BASE, "(uid=twig.account)"), "uid=twig.account,ou=Leaf," + trunk);
    SearchResultEntry twig = admin.getEntry("uid=twig.account,ou=Leaf," + trunk, "entryDN");
    assertEquals(
        new DN("uid=twig.account,ou=Leaf," + trunk), new DN(twig.getAttributeValue("entryDN")));
  }

  @Test
  void modifyDn_moveNonLeafUnderNewSuperior_takesTheWholeSubtreeAlong() throws Exception {
    String destination = addUnit("Destination", TEST_OU);
    String movable = addUnit("Movable", TEST_OU);
    addAccount("moving.account", movable);

    admin.modifyDN(movable, "ou=Movable", true, destination);

    String moved = "ou=Movable," + destination;
    assertDns(subtree(moved, "(objectClass=*)"), moved, "uid=moving.account," + moved);
    assertDns(subtree(BASE, "(uid=moving.account)"), "uid=moving.account," + moved);
    assertEquals(
        "1", admin.getEntry(destination, "numSubordinates").getAttributeValue("numSubordinates"));
  }

  // ---------------------------------------------------------------- refusals

  @Test
  void modifyDn_targetExists_isEntryAlreadyExists() throws Exception {
    String first = addUnit("First", TEST_OU);
    addUnit("Second", TEST_OU);
    assertFails(
        ResultCode.ENTRY_ALREADY_EXISTS,
        "already exists",
        () -> admin.modifyDN(first, "ou=Second", true));
    assertNotNull(admin.getEntry(first));
  }

  @Test
  void modifyDn_missingEntry_isNoSuchObjectWithMatchedDn() {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "does not exist",
            () -> admin.modifyDN("uid=nobody," + FA123, "uid=somebody", true));
    assertMatchedDn(e, FA123);
  }

  @Test
  void modifyDn_missingNewSuperior_isNoSuchObject() throws Exception {
    String dn = addUnit("Homeless", TEST_OU);
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "nhsOdsCode=FZ999",
            () -> admin.modifyDN(dn, "ou=Homeless", true, "nhsOdsCode=FZ999," + PHARMACY));
    assertMatchedDn(e, PHARMACY);
    assertNotNull(admin.getEntry(dn));
  }

  @Test
  void modifyDn_beneathItself_isUnwillingToPerform() throws Exception {
    String parent = addUnit("Ouroboros", TEST_OU);
    String child = addUnit("Tail", parent);
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "beneath itself",
        () -> admin.modifyDN(parent, "ou=Ouroboros", true, child));
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "beneath itself",
        () -> admin.modifyDN(parent, "ou=Ouroboros", true, parent));
    assertNotNull(admin.getEntry(child));
  }

  @Test
  void modifyDn_newRdnAttributeTheClassDoesNotAllow_isObjectClassViolation() throws Exception {
    String dn = addUnit("Unit", TEST_OU);
    assertFails(ResultCode.OBJECT_CLASS_VIOLATION, "cn", () -> admin.modifyDN(dn, "cn=Unit", true));
    assertNotNull(admin.getEntry(dn));
  }

  @Test
  void modifyDn_keepingOldRdnOfSingleValuedAttribute_isConstraintViolation() throws Exception {
    // dc is SINGLE-VALUE: keeping the old value beside the new one would give it two.
    String dn = "dc=alpha," + TEST_OU;
    admin.add(
        new Entry(dn, new Attribute("objectClass", "top", "domain"), new Attribute("dc", "alpha")));
    assertFails(ResultCode.CONSTRAINT_VIOLATION, "dc", () -> admin.modifyDN(dn, "dc=beta", false));
    assertEquals(ResultCode.SUCCESS, admin.modifyDN(dn, "dc=beta", true).getResultCode());
  }

  @Test
  void modifyDn_namingContext_isUnwillingToPerform() {
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "naming context",
        () -> admin.modifyDN(BASE, "dc=nhs2", true));
  }

  @Test
  void modifyDn_schemaOrRootDse_isUnwillingToPerform() {
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "read-only",
        () -> admin.modifyDN("cn=schema", "cn=schema2", true));
  }

  @Test
  void modifyDn_invalidNewRdn_isInvalidDnSyntax() throws Exception {
    String dn = addUnit("Badly Renamed", TEST_OU);
    assertFails(ResultCode.INVALID_DN_SYNTAX, null, () -> admin.modifyDN(dn, "not an RDN", true));
  }

  @Test
  void modifyDn_anonymous_isInsufficientAccessRights() throws Exception {
    String dn = addUnit("Anonymous", TEST_OU);
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> SERVER.anonymous().modifyDN(dn, "ou=Stolen", true));
    assertNotNull(admin.getEntry(dn));
  }
}
