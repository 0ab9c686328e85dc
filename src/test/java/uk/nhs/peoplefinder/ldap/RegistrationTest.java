package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.UpdatableLDAPRequest;
import com.unboundid.ldap.sdk.controls.TransactionSpecificationRequestControl;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedResult;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.OpenLdapTool.Result;

/**
 * R-REGISTER end to end: a registration is one LDAP transaction (RFC 5805) that adds a pharmacy,
 * care or dental organisation with its shared mailbox, up to 3 personal accounts and the links;
 * it is applied whole or not at all, by the UnboundID client and by OpenLDAP's {@code ldapmodify
 * -E txn=commit}. Entries are added with only the facts and the server-chosen-name control, so the
 * server derives names and addresses. The class shares one server; every test registers an ODS
 * code, names and mobiles of its own.
 */
class RegistrationTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static final String FA123 = "nhsOdsCode=FA123," + Attr.PHARMACY_DN;
  private static final String JOHN_SMITH = "uid=john.smith," + FA123;
  private static final String PHARMACY_FA123 = "uid=pharmacy.fa123," + FA123;

  private static LDAPConnection admin;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  // ---------------------------------------------------------------- entries with only the facts

  private static String pharmacyDn(String code) {
    return "nhsOdsCode=" + code + "," + Attr.PHARMACY_DN;
  }

  private static Entry pharmacy(String code, String name, String dspt) {
    return new Entry(
        pharmacyDn(code),
        new Attribute("objectClass", "top", "organizationalUnit", "nhsOrganisation"),
        new Attribute("nhsOdsCode", code),
        new Attribute("ou", name),
        new Attribute("nhsOrgType", "pharmacy"),
        new Attribute("nhsOrgStatus", "active"),
        new Attribute("nhsDsptStatus", dspt),
        new Attribute("l", "Whitby"));
  }

  private static Entry mailbox(String orgDn) {
    return new Entry("uid=new," + orgDn, new Attribute("objectClass", "top", "nhsSharedMailbox"));
  }

  private static Entry person(String orgDn, String givenName, String sn, String mobile) {
    return new Entry(
        "uid=new," + orgDn,
        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
        new Attribute("givenName", givenName),
        new Attribute("sn", sn),
        new Attribute("mobile", mobile),
        new Attribute("nhsAltEmail", givenName.toLowerCase() + "@example.com"));
  }

  /** The modify that makes the first person the owner and every person a member. */
  private static ModifyRequest link(String mailboxDn, String owner, String... members) {
    return new ModifyRequest(
        mailboxDn,
        new Modification(ModificationType.ADD, "owner", owner),
        new Modification(ModificationType.ADD, "member", members));
  }

  /** One registration on its way: a transaction on the administrator's connection. */
  private static final class Registration {
    private final LDAPConnection connection;
    private final ASN1OctetString id;
    private final List<Integer> messageIds = new ArrayList<>();

    Registration(LDAPConnection connection) throws LDAPException {
      this.connection = connection;
      StartTransactionExtendedResult started =
          (StartTransactionExtendedResult) connection.processExtendedOperation(new StartTransactionExtendedRequest());
      assertEquals(ResultCode.SUCCESS, started.getResultCode());
      this.id = started.getTransactionID();
    }

    /** Queues an add that the server names; returns its message ID. */
    int add(Entry entry) throws LDAPException {
      AddRequest request = new AddRequest(entry);
      request.addControl(new Control(SupportedFeatures.SERVER_CHOOSES_NAME, false));
      return queued(connection.add(in(request)));
    }

    int modify(ModifyRequest request) throws LDAPException {
      return queued(connection.modify(in(request)));
    }

    private <R extends UpdatableLDAPRequest> R in(R request) {
      request.addControl(new TransactionSpecificationRequestControl(id));
      return request;
    }

    private int queued(LDAPResult result) {
      assertEquals(ResultCode.SUCCESS, result.getResultCode(), "queued: " + result);
      messageIds.add(result.getMessageID());
      return result.getMessageID();
    }

    EndTransactionExtendedResult commit() throws LDAPException {
      return end(true);
    }

    EndTransactionExtendedResult abort() throws LDAPException {
      return end(false);
    }

    private EndTransactionExtendedResult end(boolean commit) throws LDAPException {
      return (EndTransactionExtendedResult)
          connection.processExtendedOperation(new EndTransactionExtendedRequest(id, commit));
    }
  }

  private static void assertAbsent(String... dns) throws LDAPException {
    for (String dn : dns) {
      assertNull(admin.getEntry(dn), dn + " should not exist");
    }
  }

  private static Set<String> dnsWithCode(LDAPConnection connection, String code) throws LDAPException {
    Set<String> dns = new TreeSet<>();
    for (SearchResultEntry entry :
        connection.search(Attr.BASE_DN, SearchScope.SUB, "(nhsOdsCode=" + code + ")").getSearchEntries()) {
      dns.add(new DN(entry.getDN()).toNormalizedString());
    }
    return dns;
  }

  private static Set<String> normalised(String... dns) throws LDAPException {
    Set<String> set = new TreeSet<>();
    for (String dn : dns == null ? new String[0] : dns) {
      set.add(new DN(dn).toNormalizedString());
    }
    return set;
  }

  private static void assertRefusedAt(
      EndTransactionExtendedResult result, ResultCode code, int messageId, String... fragments) {
    assertEquals(code, result.getResultCode(), result::toString);
    assertEquals(messageId, result.getFailedOpMessageID(), () -> "the refused update; " + result);
    for (String fragment : fragments) {
      assertTrue(
          result.getDiagnosticMessage().contains(fragment),
          () -> "'" + result.getDiagnosticMessage() + "' should contain '" + fragment + "'");
    }
  }

  // ---------------------------------------------------------------- a registration

  @Test
  void registration_committed_isAllVisibleAfterwards_andNoneOfItBefore() throws LDAPException {
    String org = pharmacyDn("FZ901");
    String mailbox = "uid=pharmacy.fz901," + org;
    String ottilie = "uid=ottilie.fairweather," + org;
    String bartholomew = "uid=bartholomew.quince," + org;
    LDAPConnection reader = SERVER.admin();
    Registration registration = new Registration(admin);

    registration.add(pharmacy("FZ901", "Harbour Pharmacy", "standardsMet"));
    registration.add(mailbox(org));
    registration.add(person(org, "Ottilie", "Fairweather", "07700 900201"));
    registration.add(person(org, "Bartholomew", "Quince", "+447700900202"));
    registration.modify(link(mailbox, ottilie, ottilie, bartholomew));

    assertEquals(Set.of(), dnsWithCode(reader, "FZ901"), "nothing is visible before the commit");
    assertNull(reader.getEntry(org));

    EndTransactionExtendedResult result = registration.commit();

    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result::toString);
    assertEquals(normalised(org, mailbox, ottilie, bartholomew), dnsWithCode(reader, "FZ901"));
    Entry stored = reader.getEntry(mailbox, "owner", "member", "mail", "cn");
    assertEquals("pharmacy.fz901@nhs.net", stored.getAttributeValue("mail"));
    assertEquals("Pharmacy.FZ901 (Harbour Pharmacy, Whitby)", stored.getAttributeValue("cn"));
    assertEquals(normalised(ottilie), normalised(stored.getAttributeValues("owner")));
    assertEquals(normalised(ottilie, bartholomew), normalised(stored.getAttributeValues("member")));
    assertEquals(normalised(mailbox), normalised(reader.getEntry(bartholomew, "memberOf").getAttributeValues("memberOf")));
    assertEquals("+447700900201", reader.getEntry(ottilie, "mobile").getAttributeValue("mobile"));
  }

  @Test
  void registration_withAFourthPerson_isRefusedByRLimit_andStoresNothing() throws LDAPException {
    String org = pharmacyDn("FZ902");
    Registration registration = new Registration(admin);
    registration.add(pharmacy("FZ902", "Quayside Pharmacy", "standardsMet"));
    registration.add(mailbox(org));
    registration.add(person(org, "Perpetua", "Lindqvist", "07700 900211"));
    registration.add(person(org, "Evander", "Holloway", "07700 900212"));
    registration.add(person(org, "Clementine", "Ashdown", "07700 900213"));
    int fourth = registration.add(person(org, "Thaddeus", "Wainwright", "07700 900214"));

    EndTransactionExtendedResult result = registration.commit();

    assertRefusedAt(
        result, ResultCode.CONSTRAINT_VIOLATION, fourth,
        "R-LIMIT: registration creates at most 3 personal accounts", "Thaddeus Wainwright would be number 4 in FZ902",
        "message ID " + fourth, "nothing was changed");
    assertAbsent(
        org, "uid=pharmacy.fz902," + org, "uid=perpetua.lindqvist," + org, "uid=evander.holloway," + org,
        "uid=clementine.ashdown," + org, "uid=thaddeus.wainwright," + org);
    assertEquals(Set.of(), dnsWithCode(admin, "FZ902"));
  }

  @Test
  void registration_withDsptNotMet_isRefusedByRRegister_andStoresNothing() throws LDAPException {
    String org = pharmacyDn("FZ903");
    Registration registration = new Registration(admin);
    int organisation = registration.add(pharmacy("FZ903", "Cliffside Pharmacy", "notMet"));
    registration.add(mailbox(org));
    registration.add(person(org, "Wilhelmina", "Oddie", "07700 900221"));

    EndTransactionExtendedResult result = registration.commit();

    assertRefusedAt(
        result, ResultCode.CONSTRAINT_VIOLATION, organisation,
        "R-REGISTER: registering FZ903 (pharmacy) needs nhsDsptStatus: standardsMet", "it has notMet");
    assertAbsent(org, "uid=pharmacy.fz903," + org, "uid=wilhelmina.oddie," + org);
  }

  @Test
  void registration_withoutADsptStatus_isRefused_whileTheOrganisationAloneMayStillBeAdded() throws LDAPException {
    String org = pharmacyDn("FZ904");
    Entry unassessed = pharmacy("FZ904", "Abbey Pharmacy", "standardsMet");
    unassessed.removeAttribute("nhsDsptStatus");
    Registration registration = new Registration(admin);
    int organisation = registration.add(unassessed);
    registration.add(mailbox(org));

    assertRefusedAt(registration.commit(), ResultCode.CONSTRAINT_VIOLATION, organisation, "it has none");
    assertAbsent(org);

    admin.add(unassessed); // not a registration: the NAS adds an organisation container on its own
    assertNotNull(admin.getEntry(org));
  }

  @Test
  void registration_aborted_storesNothing() throws LDAPException {
    String org = pharmacyDn("FZ905");
    Registration registration = new Registration(admin);
    registration.add(pharmacy("FZ905", "Marina Pharmacy", "standardsMet"));
    registration.add(mailbox(org));
    registration.add(person(org, "Hyacinth", "Penhallow", "07700 900231"));

    assertEquals(ResultCode.SUCCESS, registration.abort().getResultCode());
    assertAbsent(org, "uid=pharmacy.fz905," + org, "uid=hyacinth.penhallow," + org);
  }

  @Test
  void secondRegistration_ofTheSameOrganisation_isEntryAlreadyExists() throws LDAPException {
    String org = pharmacyDn("FZ906");
    Registration first = new Registration(admin);
    first.add(pharmacy("FZ906", "Lighthouse Pharmacy", "standardsMet"));
    first.add(mailbox(org));
    first.add(person(org, "Cornelius", "Trevethan", "07700 900241"));
    assertEquals(ResultCode.SUCCESS, first.commit().getResultCode());

    Registration again = new Registration(admin);
    int organisation = again.add(pharmacy("FZ906", "Lighthouse Pharmacy", "standardsMet"));
    again.add(mailbox(org));
    again.add(person(org, "Araminta", "Rosewarne", "07700 900242"));
    assertRefusedAt(again.commit(), ResultCode.ENTRY_ALREADY_EXISTS, organisation, "already exists");

    Registration mailboxOnly = new Registration(admin);
    int secondMailbox = mailboxOnly.add(mailbox(org));
    mailboxOnly.add(person(org, "Araminta", "Rosewarne", "07700 900242"));
    assertRefusedAt(
        mailboxOnly.commit(), ResultCode.ENTRY_ALREADY_EXISTS, secondMailbox,
        "R-REGISTER: FZ906 already has a shared mailbox");
    assertAbsent("uid=araminta.rosewarne," + org);
  }

  @Test
  void registration_addingSomeoneWhoHasAnAccount_isRefused_tellingHowToLinkIt() throws LDAPException {
    String org = pharmacyDn("FZ907");
    Registration registration = new Registration(admin);
    registration.add(pharmacy("FZ907", "Harbourside Pharmacy", "standardsMet"));
    registration.add(mailbox(org));
    int duplicate = registration.add(person(org, "John", "Smith", "07700 900101")); // john.smith of FA123

    assertRefusedAt(
        registration.commit(), ResultCode.CONSTRAINT_VIOLATION, duplicate,
        "R-MOBILE: +447700900101 already belongs to john.smith@nhs.net",
        "leave out this add and put " + JOHN_SMITH + " in the new shared mailbox's member");
    assertAbsent(org, "uid=pharmacy.fz907," + org);
  }

  @Test
  void registration_linkingTheExistingAccountOfAnotherOrganisation_linksIt() throws LDAPException {
    String org = pharmacyDn("FZ908");
    String mailbox = "uid=pharmacy.fz908," + org;
    String mirabel = "uid=mirabel.kittow," + org;
    Registration registration = new Registration(admin);
    registration.add(pharmacy("FZ908", "Station Pharmacy", "standardsMet"));
    registration.add(mailbox(org));
    registration.add(person(org, "Mirabel", "Kittow", "07700 900251"));
    registration.modify(link(mailbox, mirabel, mirabel, JOHN_SMITH));

    assertEquals(ResultCode.SUCCESS, registration.commit().getResultCode());

    assertEquals(normalised(mirabel, JOHN_SMITH), normalised(admin.getEntry(mailbox, "member").getAttributeValues("member")));
    assertEquals(
        normalised(PHARMACY_FA123, mailbox),
        normalised(admin.getEntry(JOHN_SMITH, "memberOf").getAttributeValues("memberOf")),
        "R-MULTI: linked to both mailboxes, and still at FA123");
  }

  // ---------------------------------------------------------------- OpenLDAP's ldapmodify

  private static String registrationLdif(String code, String name, String... people) {
    String org = pharmacyDn(code);
    StringBuilder ldif = new StringBuilder();
    ldif.append("dn: ").append(org).append("\nchangetype: add\nobjectClass: nhsOrganisation\n")
        .append("nhsOdsCode: ").append(code).append("\nou: ").append(name)
        .append("\nnhsOrgType: pharmacy\nnhsOrgStatus: active\nnhsDsptStatus: standardsMet\nl: Whitby\n\n");
    ldif.append("dn: uid=pharmacy.").append(code.toLowerCase()).append(",").append(org)
        .append("\nchangetype: add\nobjectClass: nhsSharedMailbox\n\n");
    List<String> dns = new ArrayList<>();
    for (String person : people) {
      String[] parts = person.split(" ");
      String dn = "uid=" + parts[0].toLowerCase() + "." + parts[1].toLowerCase() + "," + org;
      dns.add(dn);
      ldif.append("dn: ").append(dn).append("\nchangetype: add\nobjectClass: nhsPerson\ngivenName: ")
          .append(parts[0]).append("\nsn: ").append(parts[1]).append("\nmobile: ").append(parts[2])
          .append("\nnhsAltEmail: ").append(parts[0].toLowerCase()).append("@example.com\n\n");
    }
    ldif.append("dn: uid=pharmacy.").append(code.toLowerCase()).append(",").append(org)
        .append("\nchangetype: modify\nadd: owner\nowner: ").append(dns.get(0)).append("\n-\nadd: member\n");
    for (String dn : dns) {
      ldif.append("member: ").append(dn).append("\n");
    }
    return ldif.append("-\n").toString();
  }

  private static Result ldapmodifyInTransaction(String ldif) {
    List<String> args = new ArrayList<>(OpenLdapTool.asAdmin(SERVER.url(), ServerExtension.ADMIN_PASSWORD));
    args.addAll(List.of("-E", "txn=commit"));
    return OpenLdapTool.run("ldapmodify", args, ldif, OpenLdapTool.DEFAULT_TIMEOUT);
  }

  @Test
  void ldapmodifyTxnCommit_appliesTheRegistrationLdif() throws LDAPException {
    String org = pharmacyDn("FZ909");
    String ldif = registrationLdif(
        "FZ909", "Bridge Pharmacy", "Lavinia Tregothnan 07700900261", "Ptolemy Carnsew 07700900262");

    Result result = ldapmodifyInTransaction(ldif);

    assertEquals(0, result.exitCode(), result::describe);
    assertEquals(
        normalised(org, "uid=pharmacy.fz909," + org, "uid=lavinia.tregothnan," + org, "uid=ptolemy.carnsew," + org),
        dnsWithCode(admin, "FZ909"));
    assertEquals(
        normalised("uid=lavinia.tregothnan," + org),
        normalised(admin.getEntry("uid=pharmacy.fz909," + org, "owner").getAttributeValues("owner")));
  }

  @Test
  void ldapmodifyTxnCommit_refusedRegistration_exitsWithTheResultCode_andStoresNothing() throws LDAPException {
    String org = pharmacyDn("FZ910");
    String ldif = registrationLdif(
        "FZ910", "Chapel Pharmacy",
        "Ignatius Polglase 07700900271", "Morwenna Jago 07700900272", "Loveday Pascoe 07700900273",
        "Jago Tonkin 07700900274");

    Result result = ldapmodifyInTransaction(ldif);

    assertEquals(ResultCode.CONSTRAINT_VIOLATION.intValue(), result.exitCode(), result::describe);
    assertTrue(result.stderr().contains("ldap_txn_end_s"), result::describe);
    assertEquals(Set.of(), dnsWithCode(admin, "FZ910"));
    assertAbsent(org, "uid=jago.tonkin," + org);
  }
}
