package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * New entries as a client writes them, with only the facts (the server derives names and
 * addresses), and small readers for the links tests: added through the server-chosen-name control,
 * read back with post-read.
 */
final class NewEntries {
  private NewEntries() {}

  /** A personal account with only the facts; the server names it. */
  static Entry person(String orgDn, String givenName, String sn, String mobile) {
    return new Entry(
        "uid=new," + orgDn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("givenName", givenName),
        new Attribute("sn", sn),
        new Attribute("mobile", mobile),
        new Attribute("nhsAltEmail", "someone@example.com"));
  }

  /** An application account named for its purpose (R-APP-NAME). */
  static Entry application(String orgDn, String purpose) {
    return new Entry(
        "uid=new," + orgDn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("nhsAccountKind", "application"),
        new Attribute("sn", purpose));
  }

  /** An organisation in its sector container, with the given nhsOrgStatus. */
  static Entry organisation(String code, String sector, String type, String name, String town, String status) {
    return new Entry(
        "nhsOdsCode=" + code + ",ou=" + sector + "," + Attr.ORGANISATIONS_DN,
        new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
        new Attribute("nhsOdsCode", code),
        new Attribute("ou", name),
        new Attribute("nhsOrgType", type),
        new Attribute("nhsOrgStatus", status),
        new Attribute("l", town));
  }

  /** Adds with the server choosing the name; returns the stored entry (post-read). */
  static Entry addNamedByServer(LDAPConnection connection, Entry entry) throws LDAPException {
    AddRequest request = new AddRequest(entry);
    request.addControl(new Control(SupportedFeatures.SERVER_CHOOSES_NAME, false));
    request.addControl(new PostReadRequestControl());
    LDAPResult result = connection.add(request);
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    PostReadResponseControl postRead = PostReadResponseControl.get(result);
    assertNotNull(postRead, "post-read response control");
    return postRead.getEntry();
  }

  /** Adds a new personal account at the organisation and returns its DN. */
  static String addPerson(LDAPConnection connection, String orgDn, String givenName, String sn, String mobile)
      throws LDAPException {
    return addNamedByServer(connection, person(orgDn, givenName, sn, mobile)).getDN();
  }

  static Modification add(String attribute, String... values) {
    return new Modification(ModificationType.ADD, attribute, values);
  }

  static Modification delete(String attribute, String... values) {
    return new Modification(ModificationType.DELETE, attribute, values);
  }

  static Modification replace(String attribute, String... values) {
    return new Modification(ModificationType.REPLACE, attribute, values);
  }

  /** The entry's values of the attribute as normalised DNs (empty when it has none). */
  static Set<String> dns(LDAPConnection connection, String dn, String attribute) throws LDAPException {
    Entry entry = connection.getEntry(dn, attribute);
    assertNotNull(entry, dn);
    return normalised(entry.getAttributeValues(attribute));
  }

  /** The DNs, normalised, for comparing sets of links. */
  static Set<String> normalised(String... dns) {
    Set<String> set = new TreeSet<>();
    for (String dn : dns == null ? new String[0] : dns) {
      try {
        set.add(new com.unboundid.ldap.sdk.DN(dn).toNormalizedString());
      } catch (LDAPException e) {
        throw new AssertionError("not a DN: " + dn, e);
      }
    }
    return set;
  }

  static Set<String> normalised(List<String> dns) {
    return normalised(dns.toArray(String[]::new));
  }
}
