package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/** R-LOCK: repeated failed binds lock a personal account until an administrator unlocks or resets it. */
class LockoutTest {
  static final String SEED_PASSWORD = "PeopleFinder-Demo-1";

  @RegisterExtension final ServerExtension server = ServerExtension.with(b -> b.lockoutThreshold(3));

  private void failBinds(int times) throws LDAPException {
    LDAPConnection connection = server.anonymous();
    for (int i = 0; i < times; i++) {
      assertFails(ResultCode.INVALID_CREDENTIALS, "invalid credentials", () -> connection.bind(JOHN_SMITH, "Wrong-Pass-1"));
    }
  }

  private String status() throws LDAPException {
    return server.admin().getEntry(JOHN_SMITH, Attr.NHS_ACCOUNT_STATUS).getAttributeValue(Attr.NHS_ACCOUNT_STATUS);
  }

  @Test
  void bind_failuresBelowThreshold_thenSuccess_resetsTheCount() throws Exception {
    failBinds(2);
    server.boundAs(JOHN_SMITH, SEED_PASSWORD);
    failBinds(2);
    assertEquals("active", status());
  }

  @Test
  void bind_thresholdFailures_locks_evenTheRightPasswordIsRefused_andPpolicySaysLocked() throws Exception {
    failBinds(3);
    assertEquals("locked", status());
    assertFails(ResultCode.INVALID_CREDENTIALS, "R-LOCK", () -> server.boundAs(JOHN_SMITH, SEED_PASSWORD));
    LDAPException refused =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            "locked",
            () ->
                server.anonymous().bind(
                    new SimpleBindRequest(JOHN_SMITH, SEED_PASSWORD, new DraftBeheraLDAPPasswordPolicy10RequestControl())));
    assertEquals(DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED, PasswordPolicyTest.policyError(refused.getResponseControls()));
  }

  @Test
  void locked_adminSetsActive_unlocks() throws Exception {
    failBinds(3);
    server.admin().modify(JOHN_SMITH, new Modification(ModificationType.REPLACE, Attr.NHS_ACCOUNT_STATUS, "active"));
    server.boundAs(JOHN_SMITH, SEED_PASSWORD);
  }

  @Test
  void locked_helpdeskReset_unlocks() throws Exception {
    failBinds(3);
    server.helpdesk().processExtendedOperation(new PasswordModifyExtendedRequest(JOHN_SMITH, null, "Unlocked-Again-5"));
    assertEquals("active", status());
    server.boundAs(JOHN_SMITH, "Unlocked-Again-5");
  }

  @Test
  void administrators_areNotLockedOut() throws Exception {
    LDAPConnection connection = server.anonymous();
    for (int i = 0; i < 4; i++) {
      assertFails(ResultCode.INVALID_CREDENTIALS, null, () -> connection.bind(Attr.NAS_ADMIN_DN, "Wrong-Pass-1"));
    }
    server.admin();
  }
}
