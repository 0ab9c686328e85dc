package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.FA123;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.JOHN_SMITH2;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_MOBILE;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.PRIYA_PATEL_SHARMA;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.SIOBHAN_ONEIL;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * R-HIDE has no oracle: for anyone but the person, administrators, the helpdesk and local
 * administrators of the person's organisation, every filter over {@code mobile} behaves exactly as
 * if the hidden entry had no mobile, and compare answers as for an absent attribute.
 *
 * <p>Method: run each filter as an ordinary person while priya.patel-sharma's mobile is hidden,
 * then again after the NAS administrator has really removed it (and, for the filters that test the
 * number itself, after it was replaced by a number nobody has, visible); the sets of DNs must be
 * identical.
 */
class HiddenMobileTest {
  @RegisterExtension final ServerExtension server = ServerExtension.withSample();

  private static final String UNUSED = "+447911123456";
  private static final String A81001 = "nhsOdsCode=A81001," + Attr.GP_DN;
  private static final String LOCAL_ADMIN_ELSEWHERE = "uid=mohammed.hussain," + A81001;

  /** Every filter shape over mobile; %s is the number, %p its first 12
   * characters, %a a middle part and %f a final part that only this number has. */
  private static final List<String> SHAPES =
      List.of(
          "(mobile=%s)",
          "(mobile=%p*)",
          "(mobile=*%a*)",
          "(mobile=*%f)",
          "(mobile=%p*%f)",
          "(mobile~=%s)",
          "(mobile=*)",
          "(mobile>=%s)",
          "(mobile<=%s)",
          "(mobile>=+440)",
          "(mobile<=+449)",
          "(mobile:=%s)",
          "(mobile:2.5.13.20:=%s)",
          "(mobile:caseIgnoreMatch:=%s)",
          "(&(uid=priya.patel-sharma)(mobile=%s))",
          "(&(objectClass=nhsPerson)(mobile=%p*))",
          "(|(mobile=%s)(uid=nobody))",
          "(|(mobile=*%a*)(mobile=*))",
          "(!(mobile=%s))",
          "(!(mobile=*))",
          "(!(mobile=*%a*))",
          "(!(mobile>=%s))",
          "(!(mobile~=%s))",
          "(&(objectClass=nhsPerson)(!(mobile=%s)))",
          "(!(&(uid=priya.patel-sharma)(mobile=%s)))",
          "(!(|(mobile=%s)(mobile=*)))");

  /**
   * The shapes whose outcome depends on the number itself. Not presence or ordering, and not
   * approximate: {@code ~=} on a telephone number matches any number (see ApproximateMatch), so a
   * visible number nobody has would still match it; it is covered by the absent comparison.
   */
  private static final List<String> NUMBER_SHAPES =
      SHAPES.stream()
          .filter(s -> s.contains("%") && !s.contains(">=") && !s.contains("<=") && !s.contains("~="))
          .filter(s -> !s.contains("(mobile=*)"))
          .toList();

  private static String filter(String shape, String number) {
    return shape
        .replace("%s", number)
        .replace("%p", number.substring(0, 12))
        .replace("%a", number.substring(9))
        .replace("%f", number.substring(10));
  }

  private static Map<String, Set<String>> run(LDAPConnection connection, List<String> shapes, String number)
      throws LDAPException {
    Map<String, Set<String>> results = new LinkedHashMap<>();
    for (String shape : shapes) {
      String f = filter(shape, number);
      Set<String> dns = new TreeSet<>();
      for (SearchResultEntry e :
          connection.search(Attr.ORGANISATIONS_DN, SearchScope.SUB, f, "1.1").getSearchEntries()) {
        dns.add(e.getParsedDN().toNormalizedString());
      }
      results.put(f, dns);
    }
    return results;
  }

  private static String key(String dn) throws LDAPException {
    return new com.unboundid.ldap.sdk.DN(dn).toNormalizedString();
  }

  @Test
  void everyFilterShape_asAnOrdinaryPerson_behavesAsIfTheHiddenMobileWereAbsent() throws Exception {
    LDAPConnection person = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    Map<String, Set<String>> hidden = run(person, SHAPES, PRIYA_MOBILE);
    String priya = key(PRIYA_PATEL_SHARMA);
    // the searches are not empty-handed: visible mobiles are still found
    assertTrue(hidden.get("(mobile=*)").contains(key(JOHN_SMITH)), "visible mobiles are found");
    assertFalse(hidden.get("(mobile=*)").contains(priya));
    assertTrue(hidden.get("(!(mobile=*))").contains(priya));
    assertTrue(hidden.get(filter("(!(mobile=%s))", PRIYA_MOBILE)).contains(priya));

    // the same filters after the mobile really is gone
    server.admin().modify(PRIYA_PATEL_SHARMA, new Modification(ModificationType.DELETE, Attr.MOBILE));
    Map<String, Set<String>> absent = run(person, SHAPES, PRIYA_MOBILE);
    for (String f : hidden.keySet()) {
      assertEquals(absent.get(f), hidden.get(f), "filter " + f + " reveals the hidden mobile");
    }
  }

  @Test
  void numberFilters_asAnOrdinaryPerson_matchAsForANumberNobodyHas() throws Exception {
    LDAPConnection person = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    Map<String, Set<String>> hidden = run(person, NUMBER_SHAPES, PRIYA_MOBILE);
    // now nobody has Priya's number: she has a number no filter names, visibly
    server
        .admin()
        .modify(
            PRIYA_PATEL_SHARMA,
            new Modification(ModificationType.REPLACE, Attr.MOBILE, UNUSED),
            new Modification(ModificationType.REPLACE, Attr.NHS_HIDE_MOBILE, "FALSE"));
    Map<String, Set<String>> nobodys = run(person, NUMBER_SHAPES, PRIYA_MOBILE);
    assertEquals(NUMBER_SHAPES.size(), hidden.size());
    for (String f : hidden.keySet()) {
      assertEquals(nobodys.get(f), hidden.get(f), "filter " + f + " reveals the hidden mobile");
    }
  }

  @Test
  void compare_asAnOrdinaryPerson_isAsForAnAbsentMobile() throws Exception {
    LDAPConnection person = SampleDirectory.bindAsPerson(server, JOHN_SMITH2);
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        "has no mobile",
        () -> person.compare(PRIYA_PATEL_SHARMA, Attr.MOBILE, PRIYA_MOBILE));
    assertFails(
        ResultCode.NO_SUCH_ATTRIBUTE,
        "has no mobile",
        () -> person.compare(PRIYA_PATEL_SHARMA, Attr.MOBILE, UNUSED));
    assertNull(person.getEntry(PRIYA_PATEL_SHARMA, "*").getAttributeValue(Attr.MOBILE));
  }

  @Test
  void localAdministratorOfAnotherOrganisation_doesNotSeeIt() throws Exception {
    LDAPConnection other = SampleDirectory.bindAsPerson(server, LOCAL_ADMIN_ELSEWHERE);
    assertTrue(other.search(Attr.ORGANISATIONS_DN, SearchScope.SUB, "(mobile=" + PRIYA_MOBILE + ")").getSearchEntries().isEmpty());
    assertNull(other.getEntry(PRIYA_PATEL_SHARMA, "*").getAttributeValue(Attr.MOBILE));
  }

  @Test
  void thePerson_administrators_helpdesk_andLocalAdministratorsOfTheOrganisation_seeIt() throws Exception {
    server.admin().modify(SIOBHAN_ONEIL, new Modification(ModificationType.ADD, Attr.NHS_ROLE, Attr.ROLE_LOCAL_ADMIN));
    List<LDAPConnection> entitled = new ArrayList<>();
    entitled.add(SampleDirectory.bindAsPerson(server, PRIYA_PATEL_SHARMA));
    entitled.add(server.admin());
    entitled.add(server.helpdesk());
    entitled.add(SampleDirectory.bindAsPerson(server, SIOBHAN_ONEIL)); // local admin of FA123
    for (LDAPConnection connection : entitled) {
      String who = connection.getLastBindRequest() == null ? "?" : connection.getLastBindRequest().toString();
      assertEquals(
          PRIYA_MOBILE,
          connection.getEntry(PRIYA_PATEL_SHARMA, Attr.MOBILE).getAttributeValue(Attr.MOBILE),
          who);
      for (String shape : List.of("(mobile=%s)", "(mobile=*%a*)", "(mobile~=%s)", "(mobile:=%s)")) {
        List<SearchResultEntry> found =
            connection.search(FA123, SearchScope.SUB, filter(shape, PRIYA_MOBILE), "1.1").getSearchEntries();
        assertTrue(
            found.stream().anyMatch(e -> e.getDN().equalsIgnoreCase(PRIYA_PATEL_SHARMA)), who + " " + shape);
      }
      assertTrue(connection.compare(PRIYA_PATEL_SHARMA, Attr.MOBILE, PRIYA_MOBILE).compareMatched(), who);
      String notHidden = filter("(!(mobile=%s))", PRIYA_MOBILE);
      assertFalse(
          connection.search(FA123, SearchScope.SUB, notHidden, "1.1").getSearchEntries().stream()
              .anyMatch(e -> e.getDN().equalsIgnoreCase(PRIYA_PATEL_SHARMA)),
          who);
    }
  }
}
