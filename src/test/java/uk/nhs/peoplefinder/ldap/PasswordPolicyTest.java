package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/** R-PASSWORD over LDAP: the rules on a new password, history, expiry and Password Modify (RFC 3062). */
class PasswordPolicyTest {
  static final String SEED_PASSWORD = "PeopleFinder-Demo-1";

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

  @RegisterExtension final ServerExtension server = ServerExtension.with(b -> b.clock(CLOCK));

  private static Modification replacePassword(String password) {
    return new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, password);
  }

  private void assertWeak(String password, String fragment) throws LDAPException {
    LDAPConnection self = server.boundAs(JOHN_SMITH, SEED_PASSWORD);
    assertFails(ResultCode.CONSTRAINT_VIOLATION, fragment, () -> self.modify(JOHN_SMITH, replacePassword(password)));
  }

  @Test
  void modify_weakPasswords_areRefusedWithConstraintViolationNamingTheRule() throws Exception {
    assertWeak("Ab1-x", "fewer than 8");
    assertWeak("abcdefgh12", "three");
    assertWeak("Xjohn.smith-1", "username");
    assertWeak("Blue Harbour 42", "space or a comma");
    assertWeak("Blue,Harbour,42", "space or a comma");
    assertWeak("Ab1-x", "R-PASSWORD");
    // eight characters, not eight bytes: "£" is a symbol of two bytes.
    assertWeak("Ab1£", "fewer than 8");
  }

  @Test
  void modify_strongPassword_isAcceptedAndBinds() throws Exception {
    server.boundAs(JOHN_SMITH, SEED_PASSWORD).modify(JOHN_SMITH, replacePassword("Ünïcode-Pass9"));
    server.boundAs(JOHN_SMITH, "Ünïcode-Pass9");
    assertFails(ResultCode.INVALID_CREDENTIALS, null, () -> server.boundAs(JOHN_SMITH, SEED_PASSWORD));
  }

  @Test
  void modify_oneOfThePreviousFour_isRefused_theFifthBackIsAccepted() throws Exception {
    LDAPConnection admin = server.admin();
    List<String> passwords = List.of("Green-Field-11", "Green-Field-12", "Green-Field-13");
    for (String password : passwords) {
      admin.modify(SIOBHAN_ONEIL, replacePassword(password));
    }
    // current Green-Field-13; previous: 12, 11, the seed password
    for (String old : List.of(SEED_PASSWORD, "Green-Field-11", "Green-Field-12", "Green-Field-13")) {
      assertFails(
          ResultCode.CONSTRAINT_VIOLATION, "previous four", () -> admin.modify(SIOBHAN_ONEIL, replacePassword(old)));
    }
    admin.modify(SIOBHAN_ONEIL, replacePassword("Green-Field-14"));
    admin.modify(SIOBHAN_ONEIL, replacePassword(SEED_PASSWORD));
  }

  @Test
  void passwordModify_self_needsTheOldPassword() throws Exception {
    LDAPConnection self = server.boundAs(PRIYA_PATEL_SHARMA, SEED_PASSWORD);
    assertFails(
        ResultCode.UNWILLING_TO_PERFORM,
        "old password",
        () -> check(self.processExtendedOperation(new PasswordModifyExtendedRequest(null, null, "River-Stone-21"))));
    assertFails(
        ResultCode.INVALID_CREDENTIALS,
        "old password is wrong",
        () -> check(self.processExtendedOperation(new PasswordModifyExtendedRequest(null, "Wrong-Pass-1", "River-Stone-21"))));
    assertFails(
        ResultCode.CONSTRAINT_VIOLATION,
        "R-PASSWORD",
        () -> check(self.processExtendedOperation(new PasswordModifyExtendedRequest(null, SEED_PASSWORD, "short"))));
    check(self.processExtendedOperation(new PasswordModifyExtendedRequest(null, SEED_PASSWORD, "River-Stone-21")));
    server.boundAs(PRIYA_PATEL_SHARMA, "River-Stone-21");
  }

  @Test
  void passwordModify_byHelpdeskForAnAddress_resetsWithoutTheOldPassword() throws Exception {
    check(
        server.helpdesk()
            .processExtendedOperation(new PasswordModifyExtendedRequest("dn:" + JOHN_SMITH2, null, "Reset-By-Desk-7")));
    server.boundAs(JOHN_SMITH2, "Reset-By-Desk-7");
  }

  @Test
  void passwordModify_withoutNewPassword_returnsAGeneratedOneThatBinds() throws Exception {
    PasswordModifyExtendedResult result =
        (PasswordModifyExtendedResult)
            server.admin().processExtendedOperation(new PasswordModifyExtendedRequest(MARYANN_ROBERTS, (String) null, (String) null));
    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result.getDiagnosticMessage());
    assertNotNull(result.getGeneratedPassword());
    server.boundAs(MARYANN_ROBERTS, result.getGeneratedPassword());
  }

  @Test
  void bind_after90Days_isRefusedAsExpired_andPpolicySaysSo() throws Exception {
    server.boundAs(JOHN_SMITH, SEED_PASSWORD).modify(JOHN_SMITH, replacePassword("Fresh-Pass-33"));
    CLOCK.now = ServerExtension.NOW.plus(Duration.ofDays(89));
    try {
      server.boundAs(JOHN_SMITH, "Fresh-Pass-33");
      CLOCK.now = ServerExtension.NOW.plus(Duration.ofDays(90));
      assertFails(ResultCode.INVALID_CREDENTIALS, "expired", () -> server.boundAs(JOHN_SMITH, "Fresh-Pass-33"));
      LDAPException refused =
          assertFails(
              ResultCode.INVALID_CREDENTIALS,
              "expired",
              () ->
                  server.anonymous().bind(
                      new SimpleBindRequest(
                          JOHN_SMITH, "Fresh-Pass-33", new DraftBeheraLDAPPasswordPolicy10RequestControl())));
      assertEquals(DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED, policyError(refused.getResponseControls()));
    } finally {
      CLOCK.now = ServerExtension.NOW;
    }
  }

  static DraftBeheraLDAPPasswordPolicy10ErrorType policyError(Control[] controls) throws LDAPException {
    for (Control control : controls) {
      if (control.getOID().equals(DraftBeheraLDAPPasswordPolicy10ResponseControl.PASSWORD_POLICY_RESPONSE_OID)) {
        return new DraftBeheraLDAPPasswordPolicy10ResponseControl(control.getOID(), control.isCritical(), control.getValue())
            .getErrorType();
      }
    }
    throw new AssertionError("no password policy response control");
  }

  private static void check(com.unboundid.ldap.sdk.ExtendedResult result) throws LDAPException {
    if (result.getResultCode() != ResultCode.SUCCESS) {
      throw new LDAPException(result);
    }
  }

  @Test
  void bind_withPpolicyControl_andGoodPassword_succeeds() throws Exception {
    BindResult result =
        server.anonymous().bind(
            new SimpleBindRequest(JOHN_SMITH, SEED_PASSWORD, new DraftBeheraLDAPPasswordPolicy10RequestControl()));
    assertTrue(result.getResultCode() == ResultCode.SUCCESS);
  }

  @Test
  void openLdap_ldappasswd_changesOwnPassword_andLdapwhoamiPpolicyBinds() throws Exception {
    OpenLdapTool.Result passwd =
        OpenLdapTool.run(
            "ldappasswd",
            List.of("-x", "-H", server.url(), "-D", JOHN_SMITH, "-w", SEED_PASSWORD, "-a", SEED_PASSWORD, "-s",
                "Ldappasswd-Set-8"));
    assertEquals(0, passwd.exitCode(), passwd.describe());
    OpenLdapTool.Result whoami =
        OpenLdapTool.run(
            "ldapwhoami", List.of("-x", "-H", server.url(), "-D", JOHN_SMITH, "-w", "Ldappasswd-Set-8", "-e", "ppolicy"));
    assertEquals(0, whoami.exitCode(), whoami.describe());
    assertTrue(whoami.stdout().contains("dn:" + JOHN_SMITH), whoami.describe());
  }
}
