package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedRequest;
import com.unboundid.ldap.sdk.extensions.WhoAmIExtendedResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Simple binds by DN and by address (R-SHARED-LOGIN refuses shared mailboxes). */
class BindTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();
  static final String SEED_PASSWORD = "PeopleFinder-Demo-1";

  private static String whoAmI(LDAPConnection connection) throws LDAPException {
    return ((WhoAmIExtendedResult) connection.processExtendedOperation(new WhoAmIExtendedRequest()))
        .getAuthorizationID();
  }

  @Test
  void bind_byDn_succeeds() throws Exception {
    assertEquals("dn:" + JOHN_SMITH, whoAmI(SERVER.boundAs(JOHN_SMITH, SEED_PASSWORD)));
  }

  @Test
  void bind_byAddress_bindsAsTheAccount() throws Exception {
    assertEquals("dn:" + JOHN_SMITH, whoAmI(SERVER.boundAs("John.Smith@nhs.net", SEED_PASSWORD)));
  }

  @Test
  void bind_byOldAddressKeptAsAlias_bindsAsTheAccount() throws Exception {
    SERVER.admin().modify(JOHN_SMITH, new Modification(ModificationType.ADD, "nhsMailAlias", "johnny.smith@nhs.net"));
    assertEquals("dn:" + JOHN_SMITH, whoAmI(SERVER.boundAs("johnny.smith@nhs.net", SEED_PASSWORD)));
  }

  @Test
  void bind_unknownAddressOrWrongPassword_areRefusedAlike() throws Exception {
    LDAPConnection connection = SERVER.anonymous();
    LDAPException unknown =
        assertFails(ResultCode.INVALID_CREDENTIALS, null, () -> connection.bind("nobody.here@nhs.net", SEED_PASSWORD));
    LDAPException wrong =
        assertFails(ResultCode.INVALID_CREDENTIALS, null, () -> connection.bind("john.smith@nhs.net", "Wrong-Pass-1"));
    assertEquals(wrong.getDiagnosticMessage(), unknown.getDiagnosticMessage());
  }

  @Test
  void bind_asSharedMailbox_isRefusedLikeAnUnknownAccount() throws Exception {
    LDAPConnection connection = SERVER.anonymous();
    LDAPException byDn =
        assertFails(ResultCode.INVALID_CREDENTIALS, "invalid credentials", () -> connection.bind(PHARMACY_FA123, SEED_PASSWORD));
    String address = SERVER.admin().getEntry(PHARMACY_FA123, "mail").getAttributeValue("mail");
    LDAPException byAddress =
        assertFails(ResultCode.INVALID_CREDENTIALS, "invalid credentials", () -> connection.bind(address, SEED_PASSWORD));
    assertEquals(byDn.getDiagnosticMessage(), byAddress.getDiagnosticMessage());
  }
}
