package uk.nhs.peoplefinder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.NhsSchema;

class DirectoryStoreTest {
  private final Schema schema = NhsSchema.load();
  private final DirectoryStore store =
      new DirectoryStore(schema, List.of("dc=nhs,dc=net"), List.of("mail", "nhsIDCode", "member"));

  private Entry ou(String dn, String ou) {
    Entry e = new Entry(dn);
    e.addAttribute("objectClass", "top", "organizationalUnit");
    e.addAttribute("ou", ou);
    return e;
  }

  private Entry root() {
    Entry e = new Entry("dc=nhs,dc=net");
    e.addAttribute("objectClass", "top", "domain");
    e.addAttribute("dc", "nhs");
    return e;
  }

  private Entry person(String uid, String parent) {
    Entry e = new Entry("uid=" + uid + "," + parent);
    e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
    e.addAttribute("uid", uid);
    e.addAttribute("cn", "Zoë " + uid);
    e.addAttribute("sn", uid);
    e.addAttribute("mail", uid + "@nhs.net");
    e.addAttribute("jpegPhoto", new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80});
    return e;
  }

  private void put(Entry... entries) {
    List<StoreOp> ops = new ArrayList<>();
    for (Entry e : entries) {
      ops.add(new StoreOp.Put(e));
    }
    store.apply(ops);
  }

  @Test
  void get_returnsTheEntryAsStored_includingBinaryAndNonAsciiValues() {
    Entry person = person("john.smith", "ou=A,dc=nhs,dc=net");
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"), person);

    Entry read = store.get(store.key("UID=John.Smith,OU=a,DC=NHS,DC=net"));

    assertEquals(person, read);
    assertEquals("uid=john.smith,ou=A,dc=nhs,dc=net", store.displayDn(store.key(person.getDN())));
  }

  @Test
  void subtree_visitsParentsBeforeChildren_andChildrenListsOneLevel() {
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"), ou("ou=B,dc=nhs,dc=net", "B"),
        person("x", "ou=A,dc=nhs,dc=net"), person("y", "ou=B,dc=nhs,dc=net"));

    List<String> order = new ArrayList<>();
    store.subtree(store.key("dc=nhs,dc=net")).forEachRemaining(order::add);
    List<String> children = new ArrayList<>();
    store.children(store.key("dc=nhs,dc=net")).forEachRemaining(children::add);

    assertEquals(5, order.size());
    assertEquals("dc=nhs,dc=net", order.get(0));
    assertTrue(order.indexOf("ou=a,dc=nhs,dc=net") < order.indexOf("uid=x,ou=a,dc=nhs,dc=net"));
    assertTrue(order.indexOf("ou=b,dc=nhs,dc=net") < order.indexOf("uid=y,ou=b,dc=nhs,dc=net"));
    assertEquals(List.of("ou=a,dc=nhs,dc=net", "ou=b,dc=nhs,dc=net"), children);
    assertEquals(2, store.childCount("dc=nhs,dc=net"));
  }

  @Test
  void apply_batchThatBreaksTheTree_changesNothing() {
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"));
    long generation = store.generation();

    assertThrows(
        IllegalStateException.class,
        () -> store.apply(List.of(
            new StoreOp.Put(person("x", "ou=A,dc=nhs,dc=net")),
            new StoreOp.Put(person("y", "ou=Missing,dc=nhs,dc=net")))));
    assertThrows(
        IllegalStateException.class,
        () -> store.apply(List.of(new StoreOp.Remove("dc=nhs,dc=net"))));

    assertFalse(store.contains("uid=x,ou=a,dc=nhs,dc=net"));
    assertEquals(2, store.size());
    assertEquals(generation, store.generation());
  }

  @Test
  void lookup_followsReplacementsAndRemovals_andIgnoresCaseAndSpaces() {
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"), person("x", "ou=A,dc=nhs,dc=net"));
    String key = "uid=x,ou=a,dc=nhs,dc=net";
    assertEquals(List.of(key), store.lookup("MAIL", " X@NHS.net"));

    Entry changed = person("x", "ou=A,dc=nhs,dc=net");
    changed.setAttribute("mail", "x.new@nhs.net");
    put(changed);
    assertEquals(List.of(), store.lookup("mail", "x@nhs.net"));
    assertEquals(List.of(key), store.lookup("mail", "x.new@nhs.net"));

    store.apply(List.of(new StoreOp.Remove(key)));
    assertEquals(List.of(), store.lookup("mail", "x.new@nhs.net"));
    assertNull(store.get(key));
  }

  @Test
  void lookup_onAnAlias_usesTheIndexOfItsAttribute_andDnValuesAreNormalised() {
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"));
    Entry org = ou("nhsOdsCode=FA123,ou=A,dc=nhs,dc=net", "Riverside");
    org.addAttribute("objectClass", "nhsOrganisation");
    org.addAttribute("nhsOdsCode", "FA123");
    org.addAttribute("member", "UID=John.Smith, OU=A,DC=nhs,DC=net");
    put(org);

    assertEquals(1, store.lookup("nhsOdsCode", "fa123").size());
    assertEquals(1, store.lookup("member", "uid=john.smith,ou=a,dc=nhs,dc=net").size());
    assertNull(store.lookup("cn", "anything"), "cn has no index");
  }

  @Test
  void matchedDn_isTheClosestStoredAncestor() throws Exception {
    put(root(), ou("ou=A,dc=nhs,dc=net", "A"));

    assertEquals("ou=A,dc=nhs,dc=net",
        store.matchedDn(new com.unboundid.ldap.sdk.DN("uid=x,ou=b,ou=a,dc=nhs,dc=net", schema).getParent()));
    assertNull(store.matchedDn(new com.unboundid.ldap.sdk.DN("dc=example,dc=com", schema)));
  }

  @Test
  void subtree_ofAMissingEntry_isEmpty() {
    Iterator<String> none = store.subtree("ou=none");
    assertFalse(none.hasNext());
  }
}
