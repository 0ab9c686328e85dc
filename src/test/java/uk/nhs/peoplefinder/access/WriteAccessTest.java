package uk.nhs.peoplefinder.access;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;

/** The SPEC §5 write decisions, without a server. */
class WriteAccessTest {
  private static final Schema SCHEMA = NhsSchema.load();
  private static final WriteAccess ACCESS = new WriteAccess(SCHEMA);
  private static final String ORG = "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
  private static final String OTHER = "nhsOdsCode=FW844,ou=Pharmacy,ou=Organisations,dc=nhs,dc=net";
  private static final String ME = "uid=me," + ORG;
  private static final String YOU = "uid=you," + ORG;
  private static final String MAILBOX = "uid=pharmacy.fa123," + ORG;

  private static Requester as(String dn, Requester.Role role) throws Exception {
    return new Requester(dn, new DN(dn, SCHEMA).toNormalizedString(), role);
  }

  private static String modify(Requester r, String dn, Entry before, Modification... mods) throws Exception {
    return ACCESS.refusal(r, new Change.Modify(dn, List.of(mods)), new DN(dn, SCHEMA), before, before);
  }

  private static Modification mod(ModificationType type, String attribute, String... values) {
    return new Modification(type, attribute, values);
  }

  private static Entry mailbox() {
    return new Entry(
        MAILBOX,
        new Attribute("objectClass", "top", "nhsSharedMailbox"),
        new Attribute(Attr.OWNER, ME),
        new Attribute(Attr.MEMBER, ME, YOU));
  }

  @Test
  void administrators_mayDoAnything() throws Exception {
    assertNull(modify(Requester.SYSTEM, YOU, null, mod(ModificationType.REPLACE, "title", "x")));
    assertNull(modify(as(Attr.HELPDESK_DN, Requester.Role.HELPDESK), MAILBOX, mailbox(),
        mod(ModificationType.DELETE, Attr.OWNER, ME)));
  }

  @Test
  void self_mayChangeMobileVisibilityAndPassword_only() throws Exception {
    Requester me = as(ME, Requester.Role.USER);
    assertNull(modify(me, ME, null, mod(ModificationType.REPLACE, "MOBILE", "+447700900001"),
        mod(ModificationType.REPLACE, Attr.NHS_HIDE_MOBILE, "TRUE"),
        mod(ModificationType.REPLACE, Attr.USER_PASSWORD, "x")));
    String refusal = modify(me, ME, null, mod(ModificationType.REPLACE, "title", "x"));
    assertNotNull(refusal);
    assertTrue(refusal.contains("only your own mobile, nhsHideMobile and userPassword"), refusal);
    assertNotNull(modify(me, YOU, null, mod(ModificationType.REPLACE, Attr.MOBILE, "+447700900001")));
  }

  @Test
  void owner_mayAddAndRemoveMembers_andAddOwners_butNotRemoveThem() throws Exception {
    Requester me = as(ME, Requester.Role.USER);
    assertNull(modify(me, MAILBOX, mailbox(), mod(ModificationType.DELETE, Attr.MEMBER, YOU)));
    assertNull(modify(me, MAILBOX, mailbox(), mod(ModificationType.ADD, Attr.OWNER, YOU)));
    assertNull(modify(me, MAILBOX, mailbox(), mod(ModificationType.REPLACE, Attr.OWNER, ME, YOU)));
    assertTrue(modify(me, MAILBOX, mailbox(), mod(ModificationType.DELETE, Attr.OWNER, ME)).contains("removing an owner"));
    assertTrue(modify(me, MAILBOX, mailbox(), mod(ModificationType.REPLACE, Attr.OWNER, YOU)).contains("removing an owner"));
    assertNotNull(modify(as(YOU, Requester.Role.USER), MAILBOX, mailbox(), mod(ModificationType.ADD, Attr.OWNER, YOU)));
  }

  @Test
  void localAdmin_insideTheirOrganisation_butNotItsLimit_norElsewhere() throws Exception {
    Requester admin = as(ME, Requester.Role.LOCAL_ADMIN);
    assertNull(modify(admin, YOU, null, mod(ModificationType.REPLACE, "title", "x")));
    assertNull(ACCESS.refusal(admin, new Change.Delete(YOU), new DN(YOU, SCHEMA), null, null));
    assertNull(modify(admin, ORG, null, mod(ModificationType.REPLACE, "description", "x")));
    assertTrue(modify(admin, ORG, null, mod(ModificationType.REPLACE, Attr.NHS_ACCOUNT_LIMIT, "20")).contains("R-LIMIT"));
    assertNotNull(ACCESS.refusal(admin, new Change.Delete(ORG), new DN(ORG, SCHEMA), null, null));
    assertNotNull(modify(admin, "uid=x," + OTHER, null, mod(ModificationType.REPLACE, "title", "x")));
  }

  @Test
  void localAdmin_movesOnlyLeaversIn() throws Exception {
    Requester admin = as(ME, Requester.Role.LOCAL_ADMIN);
    String dn = "uid=x," + OTHER;
    Change.Rename move = new Change.Rename(dn, "uid=x", true, ORG);
    Entry leaver = new Entry(dn, new Attribute(Attr.NHS_ACCOUNT_STATUS, "leaver"));
    Entry active = new Entry(dn, new Attribute(Attr.NHS_ACCOUNT_STATUS, "active"));
    assertNull(ACCESS.refusal(admin, move, new DN(dn, SCHEMA), leaver, leaver));
    assertTrue(ACCESS.refusal(admin, move, new DN(dn, SCHEMA), active, active).contains("leaver"));
    assertNotNull(ACCESS.refusal(as(ME, Requester.Role.USER), move, new DN(dn, SCHEMA), leaver, leaver));
  }
}
