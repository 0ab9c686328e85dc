package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * R-ACTIVATE's first-bind part: a password set or reset by an administrator lets its holder bind,
 * but do nothing except change it (unwillingToPerform 53) until they have; ppolicy shows
 * changeAfterReset. Seed passwords work at once.
 */
class MustChangeTest {
  private static final String SEED_PASSWORD = LockoutTest.SEED_PASSWORD;
  private static final String RESET = "Reset-By-Admin-9";
  private static final String OWN = "Chosen-By-Me-42";

  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  @Test
  void adminReset_bindSucceeds_butOnlyAPasswordChangeIsAllowed_untilItIsChanged() throws Exception {
    server.admin().modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, RESET));
    assertEquals("TRUE", mustChangeOf(JOHN_SMITH));

    LDAPConnection john = server.boundAs(JOHN_SMITH, RESET);
    LDAPException search =
        assertThrows(LDAPException.class, () -> john.search(SampleDirectory.BASE, SearchScope.SUB, "(uid=siobhan.oneil)"));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, search.getResultCode());
    assertTrue(search.getMessage().contains("R-ACTIVATE: change your password first"), search.getMessage());
    LDAPException compare = assertThrows(LDAPException.class, () -> john.compare(SIOBHAN_ONEIL, "uid", "siobhan.oneil"));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, compare.getResultCode());
    LDAPException modify =
        assertThrows(
            LDAPException.class,
            () -> john.modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, "nhsHideMobile", "TRUE")));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, modify.getResultCode());
    assertTrue(modify.getMessage().contains("R-ACTIVATE"), modify.getMessage());
    LDAPException delete = assertThrows(LDAPException.class, () -> john.delete(SIOBHAN_ONEIL));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, delete.getResultCode());
    // Someone else's password is not one's own.
    ExtendedResult other =
        john.processExtendedOperation(new PasswordModifyExtendedRequest("dn:" + SIOBHAN_ONEIL, null, OWN));
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, other.getResultCode());
    // Who-am-I still answers.
    WhoAmIExtendedResult whoAmI = (WhoAmIExtendedResult) john.processExtendedOperation(new WhoAmIExtendedRequest());
    assertEquals(ResultCode.SUCCESS, whoAmI.getResultCode());
    assertEquals("dn:" + JOHN_SMITH, whoAmI.getAuthorizationID());

    ExtendedResult changed = john.processExtendedOperation(new PasswordModifyExtendedRequest(RESET, OWN));
    assertEquals(ResultCode.SUCCESS, changed.getResultCode(), changed.getDiagnosticMessage());
    assertEquals(1, john.search(SampleDirectory.BASE, SearchScope.SUB, "(uid=siobhan.oneil)").getEntryCount());
    assertNull(mustChangeOf(JOHN_SMITH));
    assertEquals(
        1,
        server.boundAs(JOHN_SMITH, OWN).search(SampleDirectory.BASE, SearchScope.SUB, "(uid=john.smith)").getEntryCount());
  }

  @Test
  void aModifyOfOwnUserPassword_alsoClearsIt() throws Exception {
    server.admin().modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, RESET));
    LDAPConnection john = server.boundAs(JOHN_SMITH, RESET);
    LDAPResult result = john.modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, OWN));
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    assertNull(mustChangeOf(JOHN_SMITH));
    assertEquals(1, john.search(SampleDirectory.BASE, SearchScope.SUB, "(uid=john.smith)").getEntryCount());
  }

  @Test
  void ppolicyControl_showsChangeAfterReset_andNothingOnceChanged() throws Exception {
    server.helpdesk().processExtendedOperation(new PasswordModifyExtendedRequest("dn:" + JOHN_SMITH, null, RESET));
    assertEquals("TRUE", mustChangeOf(JOHN_SMITH));
    try (LDAPConnection john = new LDAPConnection("127.0.0.1", server.port())) {
      BindResult bound =
          john.bind(new SimpleBindRequest(JOHN_SMITH, RESET, new DraftBeheraLDAPPasswordPolicy10RequestControl()));
      assertEquals(ResultCode.SUCCESS, bound.getResultCode());
      DraftBeheraLDAPPasswordPolicy10ResponseControl policy = DraftBeheraLDAPPasswordPolicy10ResponseControl.get(bound);
      assertNotNull(policy, "the bind response carries the password policy control");
      assertEquals(DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET, policy.getErrorType());
      assertEquals(
          ResultCode.SUCCESS, john.processExtendedOperation(new PasswordModifyExtendedRequest(RESET, OWN)).getResultCode());
    }
    try (LDAPConnection john = new LDAPConnection("127.0.0.1", server.port())) {
      BindResult bound =
          john.bind(new SimpleBindRequest(JOHN_SMITH, OWN, new DraftBeheraLDAPPasswordPolicy10RequestControl()));
      DraftBeheraLDAPPasswordPolicy10ResponseControl policy = DraftBeheraLDAPPasswordPolicy10ResponseControl.get(bound);
      assertTrue(policy == null || policy.getErrorType() == null, "no error once changed: " + policy);
    }
  }

  @Test
  void seedPeople_workAtOnce_andClientsCannotWriteTheMarker() throws Exception {
    assertNull(mustChangeOf(JOHN_SMITH));
    try (LDAPConnection john = new LDAPConnection("127.0.0.1", server.port())) {
      BindResult bound =
          john.bind(new SimpleBindRequest(JOHN_SMITH, SEED_PASSWORD, new DraftBeheraLDAPPasswordPolicy10RequestControl()));
      DraftBeheraLDAPPasswordPolicy10ResponseControl policy = DraftBeheraLDAPPasswordPolicy10ResponseControl.get(bound);
      assertTrue(policy == null || policy.getErrorType() == null, "no changeAfterReset for a seed password: " + policy);
      assertEquals(1, john.search(SampleDirectory.BASE, SearchScope.SUB, "(uid=siobhan.oneil)").getEntryCount());
    }
    LDAPException refused =
        assertThrows(
            LDAPException.class,
            () ->
                server
                    .admin()
                    .modify(
                        JOHN_SMITH,
                        new Modification(ModificationType.REPLACE, Attr.NHS_PASSWORD_MUST_CHANGE, "TRUE")));
    assertFalse(refused.getResultCode() == ResultCode.SUCCESS);
    assertNull(mustChangeOf(JOHN_SMITH));
  }

  private String mustChangeOf(String dn) throws LDAPException {
    Entry entry = server.admin().getEntry(dn, Attr.NHS_PASSWORD_MUST_CHANGE);
    return entry.getAttributeValue(Attr.NHS_PASSWORD_MUST_CHANGE);
  }
}
