package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import uk.nhs.peoplefinder.directory.Attr;

/** DNs of the bundled sample (seed-data/sample.ldif) and a way to act as one of its people. */
final class SampleDirectory {
  static final String BASE = Attr.BASE_DN;
  static final String ORGANISATIONS = Attr.ORGANISATIONS_DN;
  static final String ADMINS = Attr.ADMINS_DN;
  static final String PHARMACY = Attr.PHARMACY_DN;

  static final String FA123 = "nhsOdsCode=FA123," + PHARMACY;
  static final String JOHN_SMITH = "uid=john.smith," + FA123;
  static final String SIOBHAN_ONEIL = "uid=siobhan.oneil," + FA123;

  /** Has nhsHideMobile: TRUE. */
  static final String PRIYA_PATEL_SHARMA = "uid=priya.patel-sharma," + FA123;

  static final String PRIYA_MOBILE = "+447700900103";
  static final String PHARMACY_FA123 = "uid=pharmacy.fa123," + FA123;

  static final String FW844 = "nhsOdsCode=FW844," + PHARMACY;
  static final String JOHN_SMITH2 = "uid=john.smith2," + FW844;

  /** Linked to no shared mailbox, so free to move. */
  static final String MARYANN_ROBERTS = "uid=maryann.roberts," + FW844;

  static final String PHARMACY_FW844 = "uid=pharmacy.fw844," + FW844;

  static final String V1A2B = "nhsOdsCode=V1A2B," + Attr.CARE_DN;

  /** Meets R-PASSWORD, so that it stays valid when the password rules arrive. */
  static final String PERSON_PASSWORD = "Blue-Harbour-42";

  private SampleDirectory() {}

  /**
   * A complete new personal account at Riverside Pharmacy (FA123), named and described as
   * R-PERSON-NAME and R-MOBILE have it; each test should give it a mobile of its own.
   */
  static Entry newPerson(String uid, String givenName, String sn, String mobile) {
    String name = givenName + " " + sn + " (RIVERSIDE PHARMACY)";
    return new Entry(
        "uid=" + uid + "," + FA123,
        new Attribute(
            "objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("uid", uid),
        new Attribute("mail", uid + "@nhs.net"),
        new Attribute("givenName", givenName),
        new Attribute("sn", sn),
        new Attribute("cn", name),
        new Attribute("displayName", name),
        new Attribute("nhsOdsCode", "FA123"),
        new Attribute("mobile", mobile),
        new Attribute("nhsHideMobile", "FALSE"),
        new Attribute("nhsAltEmail", uid + "@example.com"),
        new Attribute("nhsAccountKind", "person"));
  }

  /** An organizational unit for entries that are about LDAP rather than the NHS. */
  static Entry organizationalUnit(String ou, String parentDn) {
    return new Entry(
        "ou=" + ou + "," + parentDn,
        new Attribute("objectClass", "top", "organizationalUnit"),
        new Attribute("ou", ou));
  }

  private static final java.util.concurrent.atomic.AtomicInteger TEMPORARY = new java.util.concurrent.atomic.AtomicInteger();

  /**
   * Gives the person {@link #PERSON_PASSWORD}: the NAS administrator sets a temporary password
   * (R-ACTIVATE: it must be changed first), and the person changes it to {@link #PERSON_PASSWORD}
   * with a Password Modify naming the old one. A person who can already bind with {@link
   * #PERSON_PASSWORD} and need not change it is left as they are (the password history would
   * refuse it again).
   */
  static void givePassword(ServerExtension server, String dn) throws LDAPException {
    if (usable(server, dn)) {
      return;
    }
    String temporary = "Temp-" + TEMPORARY.incrementAndGet() + "-Pw!";
    server.admin().modify(dn, new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, temporary));
    changeOwnPassword(server, dn, temporary, PERSON_PASSWORD);
  }

  /** The person changes their own password with Password Modify (RFC 3062), naming the old one. */
  static void changeOwnPassword(ServerExtension server, String dn, String oldPassword, String newPassword)
      throws LDAPException {
    try (LDAPConnection own = new LDAPConnection("127.0.0.1", server.port(), dn, oldPassword)) {
      com.unboundid.ldap.sdk.ExtendedResult result =
          own.processExtendedOperation(
              new com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest(oldPassword, newPassword));
      if (result.getResultCode() != com.unboundid.ldap.sdk.ResultCode.SUCCESS) {
        throw new LDAPException(result);
      }
    }
  }

  /** True when the person binds with {@link #PERSON_PASSWORD} and is not asked to change it. */
  private static boolean usable(ServerExtension server, String dn) {
    try (LDAPConnection probe = new LDAPConnection()) {
      probe.connect("127.0.0.1", server.port());
      com.unboundid.ldap.sdk.BindResult bound =
          probe.bind(
              new com.unboundid.ldap.sdk.SimpleBindRequest(
                  dn,
                  PERSON_PASSWORD,
                  new com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10RequestControl()));
      var policy =
          com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl.get(bound);
      return policy == null || policy.getErrorType() == null;
    } catch (LDAPException e) {
      return false;
    }
  }

  /**
   * A connection bound as the NAS administrator that the caller closes: for a class that shares one
   * server, so that each test does not pay for a bind (a deliberately slow password hash).
   */
  static LDAPConnection openAdmin(ServerExtension server) throws LDAPException {
    return new LDAPConnection(
        "127.0.0.1", server.port(), Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
  }

  /** Gives the person a password and returns a connection bound as them, closed after the test. */
  static LDAPConnection bindAsPerson(ServerExtension server, String dn) throws LDAPException {
    givePassword(server, dn);
    return server.boundAs(dn, PERSON_PASSWORD);
  }
}
