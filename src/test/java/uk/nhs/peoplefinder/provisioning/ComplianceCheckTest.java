package uk.nhs.peoplefinder.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.store.DirectoryStore;
import uk.nhs.peoplefinder.store.StoreOp;

/**
 * The compliance problems of one organisation, on directories put straight into the store (no
 * rules), so that states the write rules would refuse, such as a mailbox over its limit, can be
 * checked too.
 */
class ComplianceCheckTest {
  private static final String PHARMACY = Attr.PHARMACY_DN;

  private final DirectoryStore store =
      new DirectoryStore(NhsSchema.load(), List.of(Attr.BASE_DN), List.of(Attr.MEMBER, Attr.OWNER));

  ComplianceCheckTest() {
    put(
        entry(Attr.BASE_DN, "objectClass: top", "objectClass: domain", "dc: nhs"),
        entry(Attr.ORGANISATIONS_DN, "objectClass: organizationalUnit", "ou: Organisations"),
        entry(PHARMACY, "objectClass: organizationalUnit", "ou: Pharmacy"),
        entry(Attr.GP_DN, "objectClass: organizationalUnit", "ou: GP"));
  }

  @Test
  void pharmacy_withTwoActivePeopleAndTwoOwners_hasNoIssues() {
    pharmacy("FA123", "active", null);
    person("FA123", "ann.one", "active");
    person("FA123", "bob.two", "active");
    mailbox("FA123", "current", List.of("ann.one", "bob.two"), List.of("ann.one", "bob.two"));

    assertEquals(List.of(), issues("FA123"));
  }

  @Test
  void pharmacy_countsOnlyActivePersonalAccounts() {
    pharmacy("FW844", "active", null);
    person("FW844", "ann.one", "active");
    person("FW844", "pat.pending", "pending");
    person("FW844", "lee.locked", "locked");
    application("FW844", "reminders.fw844.donotreply");
    mailbox(
        "FW844",
        "current",
        List.of("ann.one", "pat.pending"),
        List.of("ann.one", "pat.pending", "lee.locked", "reminders.fw844.donotreply"));

    assertEquals(
        List.of(
            "R-TOS: pharmacy FW844's shared mailbox pharmacy.fw844@nhs.net has 1 linked active personal account;"
                + " the Terms of Service need at least 2"),
        issues("FW844"));
  }

  @Test
  void pharmacy_linkedActivePersonOfAnotherOrganisation_counts() {
    pharmacy("FA123", "active", null);
    pharmacy("FQ380", "active", null);
    person("FA123", "ann.one", "active");
    person("FQ380", "olivia.locum", "active");
    mailbox("FA123", "current", List.of("ann.one", "olivia.locum"), List.of());

    assertEquals(List.of(), issues("FA123"));
  }

  @Test
  void pharmacy_withoutMailbox_failsTos() {
    pharmacy("FA123", "active", null);
    person("FA123", "ann.one", "active");

    List<String> issues = issues("FA123");

    assertEquals(1, issues.size(), issues::toString);
    assertTrue(issues.get(0).startsWith("R-TOS: pharmacy FA123 has no shared mailbox; "), issues::toString);
    assertTrue(issues.get(0).contains("pharmacy.fa123@nhs.net"), issues::toString);
  }

  @Test
  void legacyLongMailbox_failsTosAndIsListedForMigration() {
    pharmacy("FD219", "active", null);
    person("FD219", "ann.one", "active");
    person("FD219", "bob.two", "active");
    mailbox("FD219", "legacyLong", List.of("ann.one", "bob.two"), List.of("ann.one", "bob.two"));

    List<String> issues = issues("FD219");

    assertEquals(2, issues.size(), issues::toString);
    assertTrue(issues.get(0).startsWith("R-TOS: pharmacy FD219's shared mailbox"), issues::toString);
    assertTrue(issues.get(1).startsWith("R-LEGACY: "), issues::toString);
    assertTrue(issues.get(1).contains("should be migrated to pharmacy.fd219@nhs.net"), issues::toString);
  }

  @Test
  void legacySinglePasswordAccount_failsTosAndIsListedForMigration() {
    pharmacy("FH066", "active", null);
    put(
        entry(
            "uid=moorsidechemist,nhsOdsCode=FH066," + PHARMACY,
            "objectClass: nhsPerson",
            "uid: moorsidechemist",
            "sn: Moorside Chemist",
            "cn: Moorside Chemist",
            "mail: moorsidechemist@nhs.net",
            "nhsMailboxFormat: legacySinglePassword",
            "nhsAccountStatus: active"));

    List<String> issues = issues("FH066");

    assertEquals(2, issues.size(), issues::toString);
    assertTrue(issues.get(0).startsWith("R-TOS: pharmacy FH066 has only the legacy single-password account"
        + " moorsidechemist@nhs.net"), issues::toString);
    assertTrue(issues.get(1).startsWith("R-LEGACY: FH066's moorsidechemist@nhs.net is a legacy single-password"
        + " mailbox"), issues::toString);
    assertTrue(issues.get(1).contains("should be migrated to pharmacy.fh066@nhs.net"), issues::toString);
  }

  @Test
  void mailbox_withOneOwner_orNone_isListed() {
    pharmacy("FA123", "active", null);
    person("FA123", "ann.one", "active");
    person("FA123", "bob.two", "active");
    mailbox("FA123", "current", List.of("ann.one"), List.of("ann.one", "bob.two"));
    pharmacy("FB456", "active", null);
    person("FB456", "cat.three", "active");
    person("FB456", "dan.four", "active");
    mailbox("FB456", "current", List.of(), List.of("cat.three", "dan.four"));

    assertEquals(
        List.of("R-OWNER: FA123's shared mailbox pharmacy.fa123@nhs.net has one owner; name another for"
            + " business continuity"),
        issues("FA123"));
    assertEquals(1, issues("FB456").size());
    assertTrue(issues("FB456").get(0).startsWith("R-OWNER: FB456's shared mailbox pharmacy.fb456@nhs.net has no"
        + " owner"));
  }

  @Test
  void mailbox_overALoweredLimit_isListed() {
    pharmacy("FA123", "active", "2");
    person("FA123", "ann.one", "active");
    person("FA123", "bob.two", "active");
    person("FA123", "cat.three", "active");
    mailbox("FA123", "current", List.of("ann.one", "bob.two"), List.of("ann.one", "bob.two", "cat.three"));

    assertEquals(
        List.of("R-LIMIT: pharmacy FA123's shared mailbox pharmacy.fa123@nhs.net has 3 linked accounts, over its"
            + " limit of 2; unlink 1"),
        issues("FA123"));
  }

  @Test
  void closedOrganisation_listsEveryAccountButLeavers() {
    put(entry("nhsOdsCode=C84999," + Attr.GP_DN, "objectClass: nhsOrganisation", "ou: Old Mill Surgery",
        "nhsOdsCode: C84999", "nhsOrgType: gp", "nhsOrgStatus: closed"));
    person("C84999", "graham.turner", "active", Attr.GP_DN);
    person("C84999", "kieran.doyle", "leaver", Attr.GP_DN);
    person("C84999", "pauline.hicks", "pending", Attr.GP_DN);

    assertEquals(
        List.of(
            "R-OPEN-ORG: graham.turner@nhs.net is in closed organisation C84999; move it (joiner) or mark it a"
                + " leaver",
            "R-OPEN-ORG: pauline.hicks@nhs.net is in closed organisation C84999; move it (joiner) or mark it a"
                + " leaver"),
        issues("C84999", Attr.GP_DN));
  }

  @Test
  void closedPharmacy_isNotHeldToTheTermsOfService() {
    pharmacy("FA123", "closed", null);

    assertEquals(List.of(), issues("FA123"));
  }

  @Test
  void issuesComeInRuleOrder() {
    pharmacy("FA123", "dormant", "1");
    person("FA123", "ann.one", "active");
    person("FA123", "bob.two", "active");
    mailbox("FA123", "legacyLong", List.of("ann.one"), List.of("ann.one", "bob.two"));

    List<String> rules = new ArrayList<>();
    for (String issue : issues("FA123")) {
      rules.add(issue.substring(0, issue.indexOf(':')));
    }

    assertEquals(List.of("R-LEGACY", "R-OWNER", "R-LIMIT", "R-OPEN-ORG", "R-OPEN-ORG"), rules);
  }

  @Test
  void notAnOrganisation_hasNoIssues() {
    pharmacy("FA123", "active", null);
    person("FA123", "ann.one", "active");

    assertEquals(List.of(), ComplianceCheck.of(store).issues(store.key(PHARMACY)));
    assertEquals(List.of(), ComplianceCheck.of(store).issues(store.key("uid=ann.one,nhsOdsCode=FA123," + PHARMACY)));
    assertEquals(List.of(), ComplianceCheck.of(store).issues(store.key("uid=nobody," + PHARMACY)));
  }

  @Test
  void viewAndStore_giveTheSameIssues() {
    pharmacy("FW844", "active", null);
    person("FW844", "ann.one", "active");
    mailbox("FW844", "current", List.of("ann.one"), List.of("ann.one"));
    String key = store.key("nhsOdsCode=FW844," + PHARMACY);

    assertEquals(ComplianceCheck.of(store).issues(key), ComplianceCheck.of(new StagedView(store)).issues(key));
    assertEquals(2, ComplianceCheck.of(store).issues(key).size());
  }

  // ---------------------------------------------------------------- building the directory

  private List<String> issues(String code) {
    return issues(code, PHARMACY);
  }

  private List<String> issues(String code, String sector) {
    return ComplianceCheck.of(store).issues(store.key("nhsOdsCode=" + code + "," + sector));
  }

  private void pharmacy(String code, String status, String limit) {
    List<String> lines =
        new ArrayList<>(
            List.of(
                "objectClass: nhsOrganisation",
                "ou: Pharmacy " + code,
                "nhsOdsCode: " + code,
                "nhsOrgType: pharmacy",
                "nhsOrgStatus: " + status,
                "l: Leeds"));
    if (limit != null) {
      lines.add("nhsAccountLimit: " + limit);
    }
    put(entry("nhsOdsCode=" + code + "," + PHARMACY, lines.toArray(String[]::new)));
  }

  private void person(String code, String uid, String status) {
    person(code, uid, status, PHARMACY);
  }

  private void person(String code, String uid, String status, String sector) {
    put(
        entry(
            "uid=" + uid + ",nhsOdsCode=" + code + "," + sector,
            "objectClass: nhsPerson",
            "uid: " + uid,
            "sn: " + uid,
            "cn: " + uid,
            "mail: " + uid + "@nhs.net",
            "nhsAccountKind: person",
            "nhsAccountStatus: " + status));
  }

  private void application(String code, String uid) {
    put(
        entry(
            "uid=" + uid + ",nhsOdsCode=" + code + "," + PHARMACY,
            "objectClass: nhsPerson",
            "uid: " + uid,
            "sn: reminders",
            "cn: reminders",
            "mail: " + uid + "@nhs.net",
            "nhsAccountKind: application",
            "nhsAccountStatus: active"));
  }

  private void mailbox(String code, String format, List<String> owners, List<String> members) {
    String org = "nhsOdsCode=" + code + "," + PHARMACY;
    String uid =
        format.equals("current")
            ? "pharmacy." + code.toLowerCase()
            : "nhspharmacy.leeds.pharmacy" + code.toLowerCase();
    Entry mailbox =
        entry(
            "uid=" + uid + "," + org,
            "objectClass: nhsSharedMailbox",
            "uid: " + uid,
            "cn: " + uid,
            "mail: " + uid + "@nhs.net",
            "nhsMailboxFormat: " + format);
    for (String owner : owners) {
      mailbox.addAttribute(Attr.OWNER, dnOf(owner));
    }
    for (String member : members) {
      mailbox.addAttribute(Attr.MEMBER, dnOf(member));
    }
    put(mailbox);
  }

  /** The DN of the account with this uid, wherever it is. */
  private String dnOf(String uid) {
    for (var it = store.subtree(store.key(Attr.ORGANISATIONS_DN)); it.hasNext(); ) {
      String key = it.next();
      if (key.startsWith("uid=" + uid + ",")) {
        return store.get(key).getDN();
      }
    }
    throw new IllegalArgumentException("no account " + uid);
  }

  private static Entry entry(String dn, String... lines) {
    Entry entry = new Entry(dn);
    for (String line : lines) {
      int colon = line.indexOf(": ");
      entry.addAttribute(line.substring(0, colon), line.substring(colon + 2));
    }
    return entry;
  }

  private void put(Entry... entries) {
    List<StoreOp> ops = new ArrayList<>();
    for (Entry entry : entries) {
      ops.add(new StoreOp.Put(entry));
    }
    store.apply(ops);
  }
}
