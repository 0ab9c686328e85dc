package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PLAINBindRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/** Simple bind over a real socket: credentials, anonymous and unauthenticated binds, who-am-I. */
class BindConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static String whoAmI(LDAPConnection connection) throws LDAPException {
    WhoAmIExtendedResult result =
        (WhoAmIExtendedResult) connection.processExtendedOperation(new WhoAmIExtendedRequest());
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    return result.getAuthorizationID();
  }

  @Test
  void bind_administratorWithRightPassword_succeeds() throws Exception {
    BindResult result = SERVER.anonymous().bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
  }

  @Test
  void bind_wrongPassword_isInvalidCredentials() {
    assertFails(
        ResultCode.INVALID_CREDENTIALS,
        "invalid credentials",
        () -> SERVER.anonymous().bind(Attr.NAS_ADMIN_DN, "Not-The-Password-1"));
  }

  @Test
  void bind_unknownDn_isRefusedExactlyLikeAWrongPassword() throws Exception {
    LDAPConnection connection = SERVER.anonymous();
    LDAPException wrongPassword =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            null,
            () -> connection.bind(Attr.NAS_ADMIN_DN, "Not-The-Password-1"));
    LDAPException unknownDn =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            null,
            () -> connection.bind("uid=nobody,ou=Admins,dc=nhs,dc=net", "Not-The-Password-1"));
    LDAPException outsideDirectory =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            null,
            () -> connection.bind("cn=nobody,dc=example,dc=com", "x"));
    // Nothing tells a guesser whether the account exists: same message, no matchedDN.
    assertEquals(wrongPassword.getDiagnosticMessage(), unknownDn.getDiagnosticMessage());
    assertEquals(wrongPassword.getDiagnosticMessage(), outsideDirectory.getDiagnosticMessage());
    assertNull(wrongPassword.getMatchedDN());
    assertNull(unknownDn.getMatchedDN());
    assertNull(outsideDirectory.getMatchedDN());
  }

  @Test
  void bind_entryWithoutPassword_isInvalidCredentials() throws Exception {
    // The sample's people have no password until an administrator sets one.
    LDAPException noPassword =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            null,
            () -> SERVER.anonymous().bind(SIOBHAN_ONEIL, "Anything-1"));
    LDAPException wrongPassword =
        assertFails(
            ResultCode.INVALID_CREDENTIALS,
            null,
            () -> SERVER.anonymous().bind(Attr.NAS_ADMIN_DN, "Anything-1"));
    assertEquals(wrongPassword.getDiagnosticMessage(), noPassword.getDiagnosticMessage());
  }

  @Test
  void bind_dnWithoutPassword_isUnwillingToPerform() throws Exception {
    // RFC 4513 §5.1.2: an unauthenticated bind (a name, no password) must not pass as anonymous.
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setBindWithDNRequiresPassword(false);
    LDAPConnection connection = new LDAPConnection(options, "127.0.0.1", SERVER.port());
    try {
      assertFails(
          ResultCode.UNWILLING_TO_PERFORM,
          "unauthenticated bind",
          () -> connection.bind(new SimpleBindRequest(Attr.NAS_ADMIN_DN, "")));
      assertEquals("", whoAmI(connection));
    } finally {
      connection.close();
    }
  }

  @Test
  void bind_anonymous_succeeds() throws Exception {
    LDAPConnection connection = SERVER.anonymous();
    assertEquals(ResultCode.SUCCESS, connection.bind("", "").getResultCode());
    assertEquals("", whoAmI(connection));
  }

  @Test
  void bind_sasl_isAuthMethodNotSupported() {
    assertFails(
        ResultCode.AUTH_METHOD_NOT_SUPPORTED,
        "simple bind",
        () ->
            SERVER
                .anonymous()
                .bind(
                    new PLAINBindRequest(
                        "dn:" + Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD)));
  }

  @Test
  void whoAmI_afterBind_isTheBoundDn() throws Exception {
    assertEquals("dn:" + Attr.NAS_ADMIN_DN, whoAmI(SERVER.admin()));
    assertEquals("dn:" + Attr.HELPDESK_DN, whoAmI(SERVER.helpdesk()));
  }

  @Test
  void whoAmI_afterBindWithDnSpelledDifferently_isTheStoredDn() throws Exception {
    LDAPConnection connection = SERVER.anonymous();
    connection.bind("UID=NAS.Admin, OU=admins,DC=NHS,dc=net", ServerExtension.ADMIN_PASSWORD);
    assertEquals("dn:" + Attr.NAS_ADMIN_DN, whoAmI(connection));
  }

  @Test
  void whoAmI_anonymous_isEmpty() throws Exception {
    assertEquals("", whoAmI(SERVER.anonymous()));
  }

  @Test
  void rebind_asSomeoneElse_replacesTheIdentity() throws Exception {
    LDAPConnection connection = SERVER.admin();
    connection.bind(Attr.HELPDESK_DN, ServerExtension.HELPDESK_PASSWORD);
    assertEquals("dn:" + Attr.HELPDESK_DN, whoAmI(connection));
    connection.bind("", "");
    assertEquals("", whoAmI(connection));
  }

  @Test
  void rebind_failed_leavesTheConnectionAnonymous() throws Exception {
    LDAPConnection connection = SERVER.admin();
    assertFails(
        ResultCode.INVALID_CREDENTIALS,
        null,
        () -> connection.bind(Attr.HELPDESK_DN, "Not-The-Password-1"));
    assertEquals("", whoAmI(connection));
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> connection.search(BASE, SearchScope.SUB, "(uid=john.smith)"));
  }

  @Test
  void bind_personGivenAPassword_succeeds() throws Exception {
    LDAPConnection john = SampleDirectory.bindAsPerson(SERVER, JOHN_SMITH);
    assertEquals("dn:" + JOHN_SMITH, whoAmI(john));
  }
}
