package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPRequest;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** Domain assertions for LDAP results, in one place. */
public final class LdapAssertions {
  private LdapAssertions() {}

  /**
   * Sends the request and asserts it is refused with the result code and a diagnostic message
   * containing the fragment; returns the exception for further checks (matchedDN …).
   */
  public static LDAPException assertRefused(
      LDAPConnection connection, LDAPRequest request, ResultCode expected, String messageFragment) {
    return assertFails(expected, messageFragment, () -> requireSuccess(connection.processOperation(request)));
  }

  private static LDAPException check(LDAPException e, ResultCode expected, String fragment) {
    assertEquals(expected, e.getResultCode(), () -> "result code; message was: " + e.getDiagnosticMessage());
    if (fragment != null) {
      assertNotNull(e.getDiagnosticMessage(), "diagnostic message");
      assertTrue(
          e.getDiagnosticMessage().contains(fragment),
          () -> "diagnostic message '" + e.getDiagnosticMessage() + "' should contain '" + fragment + "'");
    }
    return e;
  }

  /** Asserts an operation throws the result code with a message containing the fragment. */
  public static LDAPException assertFails(ResultCode expected, String fragment, LdapCall call) {
    LDAPException e = assertThrows(LDAPException.class, call::run);
    return check(e, expected, fragment);
  }

  /** An LDAP client call that may fail. */
  @FunctionalInterface
  public interface LdapCall {
    void run() throws LDAPException;
  }

  /** Makes a non-success result an exception, whichever way the SDK reported it. */
  private static void requireSuccess(com.unboundid.ldap.sdk.LDAPResult result) throws LDAPException {
    if (result.getResultCode() != ResultCode.SUCCESS) {
      throw new LDAPException(result);
    }
  }

  /** Asserts the entries are exactly those DNs, in any order; DNs are compared as DNs. */
  public static void assertDns(Collection<? extends Entry> entries, String... expected) {
    Set<String> wanted = new TreeSet<>();
    for (String dn : expected) {
      wanted.add(normalised(dn));
    }
    Set<String> got = new TreeSet<>();
    for (Entry entry : entries) {
      assertTrue(got.add(normalised(entry.getDN())), () -> "entry returned twice: " + entry.getDN());
    }
    assertEquals(wanted, got, "DNs of the entries returned");
  }

  /** Asserts the refusal names the DN as the closest existing entry (RFC 4511 matchedDN). */
  public static void assertMatchedDn(LDAPException e, String expected) {
    assertNotNull(e.getMatchedDN(), "matchedDN");
    assertEquals(normalised(expected), normalised(e.getMatchedDN()), "matchedDN");
  }

  private static String normalised(String dn) {
    try {
      return new DN(dn).toNormalizedString();
    } catch (LDAPException e) {
      throw new AssertionError("not a DN: " + dn, e);
    }
  }
}
