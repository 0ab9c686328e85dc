package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;

/**
 * The bundled demo seed (seed-data/nhs-demo.json) as a client sees it once loaded through the
 * rules: the shape the issue asks for, and the derived values consistent everywhere.
 */
class DemoSeedTest {
  @RegisterExtension static final ServerExtension server = ServerExtension.withDemoSeed();

  private static final Map<DN, SearchResultEntry> byDn = new HashMap<>();
  private static List<SearchResultEntry> all;

  @BeforeAll
  static void readEverything() throws Exception {
    LDAPConnection admin = server.admin();
    all = admin.search(Attr.ORGANISATIONS_DN, SearchScope.SUB, "(objectClass=*)", "*").getSearchEntries();
    for (SearchResultEntry e : all) {
      byDn.put(e.getParsedDN(), e);
    }
  }

  private static List<SearchResultEntry> ofKind(EntryKind kind) {
    return all.stream().filter(e -> EntryKind.of(e) == kind).toList();
  }

  @Test
  void seed_hasTheSizeAndVarietyTheDirectoryNeeds() {
    List<SearchResultEntry> organisations = ofKind(EntryKind.ORGANISATION);
    assertTrue(organisations.size() >= 20, "at least 20 organisations: " + organisations.size());
    Set<String> types = new HashSet<>();
    Set<String> statuses = new HashSet<>();
    for (SearchResultEntry org : organisations) {
      types.add(org.getAttributeValue(Attr.NHS_ORG_TYPE));
      statuses.add(org.getAttributeValue(Attr.NHS_ORG_STATUS));
    }
    assertTrue(types.containsAll(List.of("pharmacy", "care", "dental", "gp", "trust")), types.toString());
    assertTrue(statuses.contains("closed"), "one closed organisation");
    int people = ofKind(EntryKind.PERSON).size();
    assertTrue(people >= 190, "about 200 people: " + people);
    assertEquals(1, ofKind(EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX).size());
    assertTrue(ofKind(EntryKind.APPLICATION).size() >= 1, "an application account");
    assertTrue(all.stream().anyMatch(e -> "legacyLong".equals(e.getAttributeValue(Attr.NHS_MAILBOX_FORMAT))));
    assertTrue(all.stream().anyMatch(e -> "leaver".equals(e.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))));
    assertTrue(all.stream().filter(e -> e.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_LOCAL_ADMIN)).count() >= 3);
    assertTrue(all.stream().filter(e -> "TRUE".equals(e.getAttributeValue(Attr.NHS_HIDE_MOBILE))).count() >= 3);
  }

  @Test
  void organisations_haveOdsCodesOfTheirKind_inTheirSectorContainer() throws Exception {
    Set<String> codes = new HashSet<>();
    for (SearchResultEntry org : ofKind(EntryKind.ORGANISATION)) {
      String code = org.getAttributeValue(Attr.NHS_ODS_CODE);
      OrgType type = OrgType.of(org.getAttributeValue(Attr.NHS_ORG_TYPE));
      assertTrue(OdsCode.of(code).fits(type), code + " fits " + type);
      assertEquals(code.toUpperCase(Locale.ROOT), code, "stored upper-case");
      assertTrue(codes.add(code), "unique " + code);
      assertEquals(new DN(type.containerDn()), org.getParsedDN().getParent(), org.getDN());
    }
  }

  @Test
  void accounts_carryAddressesAndNamesDerivedByTheRules() throws Exception {
    Set<String> addresses = new HashSet<>();
    Set<String> mobiles = new HashSet<>();
    for (SearchResultEntry e : all) {
      EntryKind kind = EntryKind.of(e);
      if (kind == EntryKind.ORGANISATION || kind == EntryKind.OTHER) {
        continue;
      }
      String uid = e.getAttributeValue(Attr.UID);
      String mail = e.getAttributeValue(Attr.MAIL);
      assertEquals(uid + "@nhs.net", mail, e.getDN());
      assertEquals(uid, e.getParsedDN().getRDN().getAttributeValues()[0], "RDN is the uid: " + e.getDN());
      assertTrue(addresses.add(mail), "unique address " + mail);
      assertEquals(e.getAttributeValue(Attr.CN), e.getAttributeValue(Attr.DISPLAY_NAME), e.getDN());
      assertTrue(e.hasAttributeValue(Attr.PROXY_ADDRESSES, "SMTP:" + mail), e.getDN());
      SearchResultEntry org = byDn.get(e.getParsedDN().getParent());
      assertNotNull(org, e.getDN());
      assertEquals(org.getAttributeValue(Attr.NHS_ODS_CODE), e.getAttributeValue(Attr.NHS_ODS_CODE), e.getDN());
      if (kind == EntryKind.PERSON) {
        String mobile = e.getAttributeValue(Attr.MOBILE);
        assertTrue(mobile.matches("\\+447\\d{9}"), e.getDN() + " mobile normalised: " + mobile);
        assertTrue(mobiles.add(mobile), "unique mobile " + mobile);
        assertTrue(uid.matches("[a-z0-9-]+\\.[a-z0-9-]+[0-9]*"), "address form: " + uid);
        String given = e.getAttributeValues(Attr.GIVEN_NAME)[0];
        assertEquals(
            given + " " + e.getAttributeValue(Attr.SN) + " (" + org.getAttributeValue(Attr.OU).toUpperCase(Locale.ROOT) + ")",
            e.getAttributeValue(Attr.DISPLAY_NAME));
      }
    }
  }

  @Test
  void sharedMailboxes_haveOwnersWhoAreLinkedPersonsWithMobiles() throws Exception {
    for (SearchResultEntry box : ofKind(EntryKind.SHARED_MAILBOX)) {
      String[] owners = box.getAttributeValues(Attr.OWNER);
      String[] members = box.getAttributeValues(Attr.MEMBER);
      if (owners == null) {
        continue; // a mailbox without links is reported by the compliance report
      }
      Set<DN> memberDns = new HashSet<>();
      for (String m : members) {
        assertNotNull(byDn.get(new DN(m)), box.getDN() + " member " + m + " exists");
        memberDns.add(new DN(m));
      }
      assertTrue(members.length <= 10, box.getDN() + " has at most 10 links");
      for (String o : owners) {
        SearchResultEntry owner = byDn.get(new DN(o));
        assertEquals(EntryKind.PERSON, EntryKind.of(owner), o);
        assertNotNull(owner.getAttributeValue(Attr.MOBILE), o + " owner has a mobile");
        assertTrue(memberDns.contains(new DN(o)), o + " owner is a member of " + box.getDN());
      }
    }
  }
}
