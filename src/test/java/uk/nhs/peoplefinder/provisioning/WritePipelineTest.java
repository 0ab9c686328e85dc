package uk.nhs.peoplefinder.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.store.DirectoryStore;

class WritePipelineTest {
  private final DirectoryStore store =
      new DirectoryStore(NhsSchema.load(), List.of("dc=nhs,dc=net"), List.of("uid"));
  private final WritePipeline pipeline =
      WriteChain.assemble(store, Clock.fixed(Instant.parse("2026-11-22T09:00:00Z"), ZoneOffset.UTC), List.of());

  private static Entry ou(String dn, String ou) {
    Entry e = new Entry(dn);
    e.addAttribute("objectClass", "organizationalUnit");
    e.addAttribute("ou", ou);
    return e;
  }

  private static Entry person(String uid, String parent) {
    Entry e = new Entry("uid=" + uid + "," + parent);
    e.addAttribute("objectClass", "inetOrgPerson");
    e.addAttribute("uid", uid);
    e.addAttribute("cn", uid);
    e.addAttribute("sn", uid);
    return e;
  }

  @BeforeEach
  void baseTree() throws RuleViolation {
    Entry root = new Entry("dc=nhs,dc=net");
    root.addAttribute("objectClass", "domain");
    root.addAttribute("dc", "nhs");
    pipeline.submit(Requester.SYSTEM, new Change.Add(root));
    pipeline.submit(Requester.SYSTEM, new Change.Add(ou("ou=A,dc=nhs,dc=net", "A")));
  }

  @Test
  void submitAll_withOneRefusedChange_storesNothing() {
    long generation = store.generation();

    RuleViolation refused =
        assertThrows(
            RuleViolation.class,
            () ->
                pipeline.submitAll(
                    Requester.SYSTEM,
                    List.of(
                        new Change.Add(ou("ou=B,dc=nhs,dc=net", "B")),
                        new Change.Add(person("x", "ou=B,dc=nhs,dc=net")),
                        new Change.Add(person("x", "ou=B,dc=nhs,dc=net")))));

    assertEquals(RuleViolation.Reason.ALREADY_EXISTS, refused.reason());
    assertFalse(store.contains("ou=b,dc=nhs,dc=net"));
    assertEquals(generation, store.generation());
  }

  @Test
  void submitAll_laterChangesSeeEarlierOnes() throws RuleViolation {
    pipeline.submitAll(
        Requester.SYSTEM,
        List.of(new Change.Add(ou("ou=B,dc=nhs,dc=net", "B")), new Change.Add(person("x", "ou=B,dc=nhs,dc=net"))));

    assertTrue(store.contains("uid=x,ou=b,dc=nhs,dc=net"));
  }

  @Test
  void rename_ofANonLeaf_movesTheWholeSubtree_andItsIndexEntries() throws RuleViolation {
    pipeline.submit(Requester.SYSTEM, new Change.Add(ou("ou=B,ou=A,dc=nhs,dc=net", "B")));
    pipeline.submit(Requester.SYSTEM, new Change.Add(person("x", "ou=B,ou=A,dc=nhs,dc=net")));

    pipeline.submit(Requester.SYSTEM, new Change.Rename("ou=B,ou=A,dc=nhs,dc=net", "ou=C", true, "dc=nhs,dc=net"));

    Entry moved = store.get("uid=x,ou=c,dc=nhs,dc=net");
    assertNotNull(moved);
    assertEquals("C", store.get("ou=c,dc=nhs,dc=net").getAttributeValue("ou"));
    assertFalse(store.contains("ou=b,ou=a,dc=nhs,dc=net"));
    assertEquals(List.of("uid=x,ou=c,dc=nhs,dc=net"), store.lookup("uid", "x"));
  }

  @Test
  void add_stampsCreatorAndTimeFromTheClock() throws RuleViolation {
    WriteResult result = pipeline.submit(Requester.SYSTEM, new Change.Add(person("y", "ou=A,dc=nhs,dc=net")));

    assertEquals("20261122090000.000Z", result.after().getAttributeValue("createTimestamp"));
    assertEquals(Requester.SYSTEM.dn(), result.after().getAttributeValue("creatorsName"));
    assertTrue(result.after().hasObjectClass("person"), "superior classes completed");
  }
}
