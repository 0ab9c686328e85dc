package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertDns;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertMatchedDn;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.ADMINS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.MARYANN_ROBERTS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.ORGANISATIONS;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PERSON_PASSWORD;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PHARMACY_FW844;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_MOBILE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.V1A2B;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/** Search over a real socket: scopes, every filter type, attribute selection, limits and access. */
class SearchConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  @RegisterExtension
  static final ServerExtension SIZE_LIMITED = ServerExtension.with(b -> b.sizeLimit(3));

  @RegisterExtension
  static final ServerExtension OPEN = ServerExtension.with(b -> b.anonymousRead(true));

  private static final String[] FA123_CHILDREN = {
    JOHN_SMITH, SIOBHAN_ONEIL, PRIYA_PATEL_SHARMA, PHARMACY_FA123
  };
  private static final String[] PEOPLE = {
    JOHN_SMITH,
    SIOBHAN_ONEIL,
    PRIYA_PATEL_SHARMA,
    JOHN_SMITH2,
    MARYANN_ROBERTS,
    "uid=zoe.clarke,nhsOdsCode=A81001,ou=GP," + ORGANISATIONS,
    "uid=mohammed.hussain,nhsOdsCode=A81001,ou=GP," + ORGANISATIONS,
    "uid=gareth.williams,nhsOdsCode=RX1,ou=Trust," + ORGANISATIONS,
    "uid=aisha.begum,nhsOdsCode=RX1AB,ou=Trust," + ORGANISATIONS,
    "uid=margaret.thompson," + V1A2B,
    "uid=david.evans," + V1A2B
  };

  private static LDAPConnection admin;

  /** John Smith, an ordinary person. */
  private static LDAPConnection john;

  @BeforeAll
  static void connect() throws LDAPException {
    admin = SampleDirectory.openAdmin(SERVER);
    SampleDirectory.givePassword(SERVER, JOHN_SMITH);
    john = new LDAPConnection("127.0.0.1", SERVER.port(), JOHN_SMITH, PERSON_PASSWORD);
  }

  @AfterAll
  static void disconnect() {
    admin.close();
    john.close();
  }

  private static List<SearchResultEntry> search(
      LDAPConnection connection,
      String base,
      SearchScope scope,
      String filter,
      String... attributes)
      throws LDAPException {
    SearchResult result = connection.search(base, scope, filter, attributes);
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    return result.getSearchEntries();
  }

  private static List<SearchResultEntry> subtree(String filter) throws LDAPException {
    return search(admin, BASE, SearchScope.SUB, filter);
  }

  private static List<String> attributeNames(SearchResultEntry entry) {
    List<String> names = new ArrayList<>();
    for (Attribute attribute : entry.getAttributes()) {
      names.add(attribute.getName());
    }
    return names;
  }

  private static Set<String> lowerCaseNames(SearchResultEntry entry) {
    Set<String> names = new TreeSet<>();
    for (String name : attributeNames(entry)) {
      names.add(name.toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }

  // ---------------------------------------------------------------- scopes

  @Test
  void scope_base_returnsOnlyTheBaseEntry() throws Exception {
    assertDns(search(admin, FA123, SearchScope.BASE, "(objectClass=*)"), FA123);
  }

  @Test
  void scope_one_returnsOnlyTheImmediateChildren() throws Exception {
    assertDns(search(admin, FA123, SearchScope.ONE, "(objectClass=*)"), FA123_CHILDREN);
    assertDns(search(admin, BASE, SearchScope.ONE, "(objectClass=*)"), ORGANISATIONS, ADMINS);
  }

  @Test
  void scope_sub_returnsTheBaseAndEveryDescendant() throws Exception {
    assertDns(
        search(admin, PHARMACY, SearchScope.SUB, "(objectClass=*)"),
        PHARMACY,
        FA123,
        JOHN_SMITH,
        SIOBHAN_ONEIL,
        PRIYA_PATEL_SHARMA,
        PHARMACY_FA123,
        FW844,
        JOHN_SMITH2,
        MARYANN_ROBERTS,
        PHARMACY_FW844);
  }

  @Test
  void scope_subordinates_returnsEveryDescendantButNotTheBase() throws Exception {
    assertDns(
        search(admin, FA123, SearchScope.SUBORDINATE_SUBTREE, "(objectClass=*)"), FA123_CHILDREN);
  }

  @Test
  void scope_baseSpelledDifferently_findsTheEntryUnderItsStoredDn() throws Exception {
    List<SearchResultEntry> entries =
        search(
            admin,
            "NHSIDCODE=fa123 , OU=pharmacy,ou=ORGANISATIONS,DC=nhs,dc=NET",
            SearchScope.BASE,
            "(objectClass=*)");
    assertEquals(1, entries.size());
    assertEquals(FA123, entries.get(0).getDN());
  }

  @Test
  void scope_baseOfEntryNotMatchingTheFilter_isSuccessWithNoEntries() throws Exception {
    assertDns(search(admin, FA123, SearchScope.BASE, "(uid=john.smith)"));
  }

  // ---------------------------------------------------------------- filters

  @Test
  void filter_equality_ignoresCaseOfNameAndValue() throws Exception {
    assertDns(subtree("(UID=John.SMITH)"), JOHN_SMITH);
  }

  @Test
  void filter_equality_usesTheMatchingRuleOfTheAttribute() throws Exception {
    // telephoneNumberMatch ignores spaces and hyphens; distinguishedNameMatch compares DNs.
    assertDns(subtree("(mobile=+44 7700-900101)"), JOHN_SMITH);
    assertDns(
        subtree(
            "(member=UID=John.Smith, nhsIDCode=fa123,ou=pharmacy,ou=Organisations,dc=nhs,dc=net)"),
        PHARMACY_FA123);
  }

  @Test
  void filter_objectClass_matchesEveryEntryOfThatClassOrASubclass() throws Exception {
    assertDns(subtree("(objectClass=nhsPerson)"), PEOPLE);
    List<String> persons = new ArrayList<>(List.of(PEOPLE));
    persons.add(Attr.NAS_ADMIN_DN);
    persons.add(Attr.HELPDESK_DN);
    assertDns(subtree("(objectClass=person)"), persons.toArray(new String[0]));
  }

  @Test
  void filter_substringInitial_matchesPrefix() throws Exception {
    assertDns(subtree("(uid=john*)"), JOHN_SMITH, JOHN_SMITH2);
  }

  @Test
  void filter_substringAny_matchesInside() throws Exception {
    assertDns(subtree("(mail=*ONEIL*)"), SIOBHAN_ONEIL);
  }

  @Test
  void filter_substringFinal_matchesSuffix() throws Exception {
    assertDns(subtree("(sn=*sharma)"), PRIYA_PATEL_SHARMA);
  }

  @Test
  void filter_substringInitialAnyFinal_matchesAllPartsInOrder() throws Exception {
    assertDns(subtree("(mail=j*smith*.net)"), JOHN_SMITH, JOHN_SMITH2);
    assertDns(subtree("(mail=j*nhs*smith*)"));
  }

  @Test
  void filter_greaterOrEqual_usesTheIntegerOrderingRule() throws Exception {
    // As strings "10" sorts before "9"; nhsAccountLimit is an INTEGER with integerOrderingMatch.
    assertDns(subtree("(nhsAccountLimit>=9)"), FA123, FW844, V1A2B);
    assertDns(subtree("(nhsAccountLimit>=11)"));
  }

  @Test
  void filter_lessOrEqual_usesTheIntegerOrderingRule() throws Exception {
    assertDns(subtree("(nhsAccountLimit<=10)"), FA123, FW844, V1A2B);
    assertDns(subtree("(nhsAccountLimit<=9)"));
  }

  @Test
  void filter_orderingOnTimestamps_comparesTimes() throws Exception {
    assertDns(
        search(admin, FA123, SearchScope.ONE, "(createTimestamp>=20261122090000Z)"),
        FA123_CHILDREN);
    assertDns(search(admin, FA123, SearchScope.ONE, "(createTimestamp<=20261122085959Z)"));
  }

  @Test
  void filter_presence_matchesEntriesHoldingTheAttribute() throws Exception {
    assertDns(subtree("(nhsAccountLimit=*)"), FA123, FW844, V1A2B);
  }

  @Test
  void filter_approximate_findsSpellingVariant() throws Exception {
    assertDns(subtree("(sn~=smyth)"), JOHN_SMITH, JOHN_SMITH2);
  }

  @Test
  void filter_extensibleWithMatchingRule_usesThatRule() throws Exception {
    assertDns(subtree("(sn:caseExactMatch:=Smith)"), JOHN_SMITH, JOHN_SMITH2);
    assertDns(subtree("(sn:caseExactMatch:=smith)"));
    assertDns(subtree("(sn:2.5.13.5:=Smith)"), JOHN_SMITH, JOHN_SMITH2);
  }

  @Test
  void filter_extensibleWithDnAttributes_matchesDnComponents() throws Exception {
    String[] underPharmacy = {
      PHARMACY,
      FA123,
      JOHN_SMITH,
      SIOBHAN_ONEIL,
      PRIYA_PATEL_SHARMA,
      PHARMACY_FA123,
      FW844,
      JOHN_SMITH2,
      MARYANN_ROBERTS,
      PHARMACY_FW844
    };
    assertDns(subtree("(ou:dn:=Pharmacy)"), underPharmacy);
    // With no attribute type, every attribute and DN component the rule applies to is tried.
    assertDns(subtree("(:dn:caseIgnoreMatch:=pharmacy)"), underPharmacy);
    assertDns(subtree("(ou:=Pharmacy)"), PHARMACY);
  }

  @Test
  void filter_and_needsEveryComponent() throws Exception {
    assertDns(
        subtree("(&(objectClass=nhsPerson)(nhsOdsCode=FA123))"),
        JOHN_SMITH,
        SIOBHAN_ONEIL,
        PRIYA_PATEL_SHARMA);
  }

  @Test
  void filter_or_needsAnyComponent() throws Exception {
    assertDns(
        subtree("(|(uid=john.smith)(uid=maryann.roberts)(uid=nobody))"),
        JOHN_SMITH,
        MARYANN_ROBERTS);
  }

  @Test
  void filter_not_excludesMatches() throws Exception {
    assertDns(
        search(admin, PHARMACY, SearchScope.SUB, "(&(objectClass=nhsPerson)(!(nhsOdsCode=FA123)))"),
        JOHN_SMITH2,
        MARYANN_ROBERTS);
  }

  @Test
  void filter_notOfUndefinedAttribute_matchesNothing() throws Exception {
    // RFC 4511 §4.5.1.7: an undefined attribute type makes the item Undefined; so is its NOT.
    assertDns(search(admin, FA123, SearchScope.SUB, "(!(noSuchAttribute=x))"));
  }

  @Test
  void filter_absoluteTrue_matchesEverything() throws Exception {
    assertDns(search(admin, FA123, SearchScope.ONE, "(&)"), FA123_CHILDREN);
  }

  @Test
  void filter_absoluteFalse_matchesNothing() throws Exception {
    assertDns(search(admin, FA123, SearchScope.SUB, "(|)"));
  }

  @Test
  void filter_aliasName_matchesLikeTheCanonicalNameWhateverTheCase() throws Exception {
    String[] fa123 = {FA123, JOHN_SMITH, SIOBHAN_ONEIL, PRIYA_PATEL_SHARMA, PHARMACY_FA123};
    assertDns(subtree("(nhsOdsCode=FA123)"), fa123);
    assertDns(subtree("(nhsIDCode=fa123)"), fa123);
    assertDns(subtree("(NHSIDCODE=Fa123)"), fa123);
    assertDns(subtree("(nhsIDCode=fa12*)"), fa123);
    assertDns(subtree("(nhsIDCode:=fa123)"), fa123);
    assertDns(subtree("(nhsIDCode:caseExactMatch:=FA123)"), fa123);
  }

  @Test
  void filter_onComputedAttributes_matches() throws Exception {
    assertDns(
        search(admin, ORGANISATIONS, SearchScope.ONE, "(hasSubordinates=TRUE)"),
        PHARMACY,
        "ou=Care," + ORGANISATIONS,
        "ou=GP," + ORGANISATIONS,
        "ou=Trust," + ORGANISATIONS);
    assertDns(subtree("(entryDN=" + JOHN_SMITH + ")"), JOHN_SMITH);
  }

  // ---------------------------------------------------------------- attributes returned

  @Test
  void attributes_noneOrStar_returnsUserAttributesOnly() throws Exception {
    for (String[] requested : List.of(new String[0], new String[] {"*"})) {
      SearchResultEntry john = admin.getEntry(JOHN_SMITH, requested);
      assertEquals("john.smith", john.getAttributeValue("uid"));
      assertEquals("Smith", john.getAttributeValue("sn"));
      assertTrue(john.hasAttribute("nhsOdsCode"));
      assertFalse(john.hasAttribute("createTimestamp"), "operational attributes need '+'");
      assertFalse(john.hasAttribute("entryUUID"));
    }
  }

  @Test
  void attributes_plus_returnsOperationalAttributesOnly() throws Exception {
    SearchResultEntry fa123 = admin.getEntry(FA123, "+");
    assertEquals(ServerExtension.NOW, fa123.getAttributeValueAsDate("createTimestamp").toInstant());
    assertNotNull(fa123.getAttributeValue("entryUUID"));
    assertEquals(new DN(FA123), new DN(fa123.getAttributeValue("entryDN")));
    assertEquals("TRUE", fa123.getAttributeValue("hasSubordinates"));
    assertEquals("4", fa123.getAttributeValue("numSubordinates"));
    assertEquals("cn=schema", fa123.getAttributeValue("subschemaSubentry"));
    assertFalse(fa123.hasAttribute("nhsOdsCode"), "user attributes need '*'");
    assertFalse(fa123.hasAttribute("objectClass"));

    SearchResultEntry john = admin.getEntry(JOHN_SMITH, "+");
    assertEquals("FALSE", john.getAttributeValue("hasSubordinates"));
    assertEquals("0", john.getAttributeValue("numSubordinates"));
  }

  @Test
  void attributes_starAndPlus_returnsBoth() throws Exception {
    SearchResultEntry john = admin.getEntry(JOHN_SMITH, "*", "+");
    assertTrue(john.hasAttribute("uid"));
    assertTrue(john.hasAttribute("createTimestamp"));
    assertTrue(john.hasAttribute("entryDN"));
  }

  @Test
  void attributes_oneDotOne_returnsNoAttributes() throws Exception {
    List<SearchResultEntry> entries =
        search(admin, FA123, SearchScope.BASE, "(objectClass=*)", "1.1");
    assertDns(entries, FA123);
    assertEquals(List.of(), attributeNames(entries.get(0)));
  }

  @Test
  void attributes_named_returnsOnlyThose() throws Exception {
    SearchResultEntry john = admin.getEntry(JOHN_SMITH, "SN", "createTimestamp");
    assertEquals(Set.of("sn", "createtimestamp"), lowerCaseNames(john));
  }

  @Test
  void attributes_aliasName_isReturnedUnderTheRequestedName() throws Exception {
    SearchResultEntry fa123 = admin.getEntry(FA123, "nhsIDCode");
    assertEquals(List.of("nhsIDCode"), attributeNames(fa123));
    assertEquals("FA123", fa123.getAttributeValue("nhsIDCode"));
  }

  @Test
  void attributes_undefinedName_isIgnored() throws Exception {
    SearchResultEntry fa123 = admin.getEntry(FA123, "noSuchAttribute");
    assertEquals(List.of(), attributeNames(fa123));
  }

  @Test
  void typesOnly_returnsAttributeNamesWithoutValues() throws Exception {
    SearchRequest request =
        new SearchRequest(JOHN_SMITH, SearchScope.BASE, "(objectClass=*)", "uid", "sn");
    request.setTypesOnly(true);
    SearchResult result = admin.search(request);
    SearchResultEntry john = result.getSearchEntries().get(0);
    assertEquals(Set.of("uid", "sn"), lowerCaseNames(john));
    for (Attribute attribute : john.getAttributes()) {
      assertEquals(0, attribute.size(), () -> attribute.getName() + " should have no values");
    }
  }

  // ---------------------------------------------------------------- limits

  @Test
  void sizeLimit_requested_isSizeLimitExceededAfterThatManyEntries() throws Exception {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=nhsPerson)");
    request.setSizeLimit(2);
    LDAPSearchException e =
        (LDAPSearchException)
            assertFails(ResultCode.SIZE_LIMIT_EXCEEDED, "size limit", () -> admin.search(request));
    assertEquals(2, e.getSearchEntries().size());
  }

  @Test
  void sizeLimit_exactlyReached_isSuccess() throws Exception {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(nhsAccountLimit=*)");
    request.setSizeLimit(3);
    assertEquals(3, admin.search(request).getEntryCount());
  }

  @Test
  void sizeLimit_serverWide_capsSearchesWithoutALimit() throws Exception {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=nhsPerson)");
    LDAPSearchException e =
        (LDAPSearchException)
            assertFails(
                ResultCode.SIZE_LIMIT_EXCEEDED,
                "size limit of 3",
                () -> SIZE_LIMITED.admin().search(request));
    assertEquals(3, e.getSearchEntries().size());
  }

  @Test
  void sizeLimit_serverWide_capsALargerRequestedLimit() throws Exception {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=nhsPerson)");
    request.setSizeLimit(10);
    LDAPSearchException e =
        (LDAPSearchException)
            assertFails(
                ResultCode.SIZE_LIMIT_EXCEEDED,
                "size limit",
                () -> SIZE_LIMITED.admin().search(request));
    assertEquals(3, e.getSearchEntries().size());
  }

  @Test
  void sizeLimit_requestedBelowServerLimit_wins() throws Exception {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, "(objectClass=nhsPerson)");
    request.setSizeLimit(2);
    LDAPSearchException e =
        (LDAPSearchException)
            assertFails(
                ResultCode.SIZE_LIMIT_EXCEEDED,
                "size limit",
                () -> SIZE_LIMITED.admin().search(request));
    assertEquals(2, e.getSearchEntries().size());
  }

  // ---------------------------------------------------------------- base DN

  @Test
  void base_missing_isNoSuchObjectWithMatchedDn() throws Exception {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "does not exist",
            () ->
                admin.search("uid=nobody,ou=Nowhere," + FA123, SearchScope.SUB, "(objectClass=*)"));
    assertMatchedDn(e, FA123);
  }

  @Test
  void base_outsideEveryNamingContext_isNoSuchObject() throws Exception {
    LDAPException e =
        assertFails(
            ResultCode.NO_SUCH_OBJECT,
            "does not exist",
            () -> admin.search("dc=example,dc=com", SearchScope.SUB, "(objectClass=*)"));
    assertTrue(
        e.getMatchedDN() == null || e.getMatchedDN().isEmpty(),
        "no matchedDN outside the directory");
  }

  @Test
  void base_invalidDn_isInvalidDnSyntax() {
    assertFails(
        ResultCode.INVALID_DN_SYNTAX,
        "not a valid DN",
        () -> admin.search("this is not a DN", SearchScope.SUB, "(objectClass=*)"));
  }

  // ---------------------------------------------------------------- access

  @Test
  void anonymous_searchOfTheDirectory_isInsufficientAccessRights() {
    assertFails(
        ResultCode.INSUFFICIENT_ACCESS_RIGHTS,
        "anonymous",
        () -> SERVER.anonymous().search(BASE, SearchScope.SUB, "(uid=john.smith)"));
  }

  @Test
  void anonymous_rootDseAndSchema_areReadable() throws Exception {
    LDAPConnection anonymous = SERVER.anonymous();
    assertNotNull(anonymous.getRootDSE());
    assertNotNull(anonymous.getSchema().getAttributeType("nhsOdsCode"));
  }

  @Test
  void anonymousRead_setting_opensTheDirectory() throws Exception {
    assertDns(search(OPEN.anonymous(), BASE, SearchScope.SUB, "(uid=john.smith)"), JOHN_SMITH);
  }

  @Test
  void userPassword_isNeverReturned_evenToTheAdministrator() throws Exception {
    SearchResultEntry self = admin.getEntry(Attr.NAS_ADMIN_DN, "*", "+", "userPassword");
    assertFalse(self.hasAttribute("userPassword"));
    assertFalse(admin.getEntry(JOHN_SMITH, "userPassword").hasAttribute("userPassword"));
    // Nor can a filter test it.
    assertDns(search(admin, BASE, SearchScope.SUB, "(userPassword=*)"));
  }

  @Test
  void hiddenMobile_isNotReturnedToAnotherPerson() throws Exception {
    SearchResultEntry priya = john.getEntry(PRIYA_PATEL_SHARMA, "*", "mobile");
    assertNotNull(priya);
    assertFalse(priya.hasAttribute("mobile"));
    // A visible mobile is returned: the person can read the directory at all.
    assertEquals(
        "+447700900102", john.getEntry(SIOBHAN_ONEIL, "mobile").getAttributeValue("mobile"));
  }

  @Test
  void hiddenMobile_filterByAnotherPerson_doesNotMatchTheEntry() throws Exception {
    assertDns(search(john, BASE, SearchScope.SUB, "(mobile=" + PRIYA_MOBILE + ")"));
    assertDns(search(john, BASE, SearchScope.SUB, "(mobile=*900103)"));
    assertDns(
        search(
            john,
            BASE,
            SearchScope.SUB,
            "(&(uid=priya.patel-sharma)(mobile~=" + PRIYA_MOBILE + "))"));
    assertDns(
        search(
            john,
            BASE,
            SearchScope.SUB,
            "(&(uid=priya.patel-sharma)(mobile:telephoneNumberMatch:=" + PRIYA_MOBILE + "))"));
    assertDns(search(john, BASE, SearchScope.SUB, "(&(uid=priya.patel-sharma)(mobile=*))"));
    assertDns(
        search(
            john,
            BASE,
            SearchScope.SUB,
            "(&(uid=priya.patel-sharma)(!(mobile=" + PRIYA_MOBILE + ")))"),
        PRIYA_PATEL_SHARMA);
  }

  @Test
  void hiddenMobile_isReturnedToAndMatchedForTheAdministrator() throws Exception {
    assertEquals(
        PRIYA_MOBILE, admin.getEntry(PRIYA_PATEL_SHARMA, "mobile").getAttributeValue("mobile"));
    assertDns(
        search(admin, BASE, SearchScope.SUB, "(mobile=" + PRIYA_MOBILE + ")"), PRIYA_PATEL_SHARMA);
  }

  // ---------------------------------------------------------------- root DSE and schema

  @Test
  void rootDse_advertisesTheNamingContextAndOnlyWhatIsImplemented() throws Exception {
    RootDSE dse = SERVER.anonymous().getRootDSE();
    assertArrayEquals(new String[] {BASE}, dse.getNamingContextDNs());
    assertEquals("cn=schema", dse.getSubschemaSubentryDN());
    assertEquals(
        java.util.Set.of(
            "1.3.6.1.4.1.4203.1.11.3", "1.3.6.1.1.21.1", "1.3.6.1.1.21.3", "1.3.6.1.4.1.4203.1.11.1",
            "1.3.6.1.4.1.1466.20037"),
        java.util.Set.of(dse.getSupportedExtendedOperationOIDs()),
        "who am I, start and end transaction, password modify, StartTLS");
    assertEquals(
        java.util.Set.of(
            "1.3.6.1.1.13.1", "1.3.6.1.1.13.2", "2.25.13898788690874044231628000653816355596.3.1", "1.3.6.1.1.21.2",
            "1.3.6.1.4.1.4203.666.5.12", "1.3.6.1.4.1.42.2.27.8.5.1", "1.2.840.113556.1.4.319",
            "1.2.840.113556.1.4.473", "2.16.840.1.113730.3.4.9", "2.25.13898788690874044231628000653816355596.3.2"),
        java.util.Set.of(dse.getSupportedControlOIDs()),
        "pre-read, post-read, server-chosen names, transaction specification, relax, password policy, paged results, sort, VLV and explain");
    assertArrayEquals(new int[] {3}, dse.getSupportedLDAPVersions());
  }

  @Test
  void schema_definesOdsCodeUnderBothNames() throws Exception {
    Schema schema = SERVER.anonymous().getSchema();
    AttributeTypeDefinition odsCode = schema.getAttributeType("nhsIDCode");
    assertNotNull(odsCode);
    assertArrayEquals(new String[] {"nhsOdsCode", "nhsIDCode"}, odsCode.getNames());
  }

  // ---------------------------------------------------------------- controls

  @Test
  void control_unknownCritical_isUnavailableCriticalExtension() throws Exception {
    SearchRequest request = new SearchRequest(FA123, SearchScope.BASE, "(objectClass=*)");
    request.addControl(new Control("1.2.826.0.1.3344810.9.9", true));
    assertFails(
        ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
        "1.2.826.0.1.3344810.9.9",
        () -> admin.search(request));
  }

  @Test
  void control_unknownNonCritical_isIgnored() throws Exception {
    SearchRequest request = new SearchRequest(FA123, SearchScope.BASE, "(objectClass=*)");
    request.addControl(new Control("1.2.826.0.1.3344810.9.9", false));
    assertDns(admin.search(request).getSearchEntries(), FA123);
  }
}
