package uk.nhs.peoplefinder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.NhsSchema;

/**
 * A batch becomes visible to lock-free readers at one instant: a reader that sees any of it sees
 * all of it from then on. Readers race a writer here and report every partial view they catch;
 * with entries published one by one they catch some within a few hundred batches.
 */
class BatchVisibilityTest {
  private static final int BATCHES = 1_000;
  private static final int PEOPLE = 6;
  private static final String BASE = "dc=nhs,dc=net";
  private static final String TEAMS = "ou=Teams," + BASE;

  private final Schema schema = NhsSchema.load();
  private final DirectoryStore store = new DirectoryStore(schema, List.of(BASE), List.of("mail"));

  private static Entry entry(String dn, String... attributes) {
    Entry e = new Entry(dn);
    for (int i = 0; i < attributes.length; i += 2) {
      e.addAttribute(attributes[i], attributes[i + 1]);
    }
    return e;
  }

  private static String team(int batch) {
    return "ou=T" + batch + "," + TEAMS;
  }

  private static String person(int batch, int n) {
    return "uid=p" + batch + "-" + n + "," + team(batch);
  }

  private static String mail(int batch, int n) {
    return "p" + batch + "-" + n + "@nhs.net";
  }

  /** Batch b: a team, its people, and a change to an entry that already exists. */
  private List<StoreOp> batch(int b) {
    List<StoreOp> ops = new ArrayList<>();
    ops.add(new StoreOp.Put(entry(team(b), "objectClass", "organizationalUnit", "ou", "T" + b)));
    for (int n = 0; n < PEOPLE; n++) {
      ops.add(new StoreOp.Put(entry(person(b, n), "objectClass", "inetOrgPerson", "uid", "p" + b + "-" + n,
          "cn", "P", "sn", "P", "mail", mail(b, n))));
    }
    ops.add(new StoreOp.Put(entry(TEAMS, "objectClass", "organizationalUnit", "ou", "Teams",
        "description", Integer.toString(b))));
    if (b > 0) {
      ops.add(new StoreOp.Remove(store.key(person(b - 1, 0)))); // removals too
    }
    return ops;
  }

  @Test
  void readers_seeEachBatchWholeOrNotAtAll() throws InterruptedException {
    store.apply(List.of(
        new StoreOp.Put(entry(BASE, "objectClass", "domain", "dc", "nhs")),
        new StoreOp.Put(entry(TEAMS, "objectClass", "organizationalUnit", "ou", "Teams", "description", "-1"))));
    AtomicBoolean writing = new AtomicBoolean(true);
    Queue<String> partial = new ConcurrentLinkedQueue<>();
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread reader = new Thread(() -> {
        while (writing.get()) {
          check(partial);
        }
      });
      readers.add(reader);
      reader.start();
    }

    for (int b = 0; b < BATCHES; b++) {
      store.apply(batch(b));
    }
    writing.set(false);
    for (Thread reader : readers) {
      reader.join();
    }

    assertEquals(List.of(), List.copyOf(partial).subList(0, Math.min(5, partial.size())), "partial views");
    assertEquals(Integer.toString(BATCHES - 1), store.get(store.key(TEAMS)).getAttributeValue("description"));
    assertNull(store.get(store.key(person(BATCHES - 2, 0))));
    assertTrue(store.lookup("mail", mail(BATCHES - 2, 0)).isEmpty(), "removed entries leave the index");
  }

  /**
   * The newest team a reader can see: once it sees it, everything of that batch must be there —
   * each read below happens after the team was seen, and publication only moves forward.
   */
  private void check(Queue<String> partial) {
    int newest = Integer.parseInt(store.get(store.key(TEAMS)).getAttributeValue("description"));
    int next = newest + 1;
    String team = store.key(team(next));
    boolean lastPersonSeen = store.get(store.key(person(next, PEOPLE - 1))) != null;
    if (store.get(team) == null) {
      if (lastPersonSeen) {
        partial.add("batch " + next + ": a person without its team");
      }
      return;
    }
    for (int n = 1; n < PEOPLE; n++) {
      if (store.get(store.key(person(next, n))) == null) {
        partial.add("batch " + next + ": team without person " + n);
      }
      if (!store.lookup("mail", mail(next, n)).contains(store.key(person(next, n)))) {
        partial.add("batch " + next + ": person " + n + " not yet in the mail index");
      }
    }
    int children = 0;
    for (Iterator<String> it = store.children(team); it.hasNext(); it.next()) {
      children++;
    }
    if (children != PEOPLE && children != PEOPLE - 1) {
      partial.add("batch " + next + ": " + children + " children listed");
    }
    if (Integer.parseInt(store.get(store.key(TEAMS)).getAttributeValue("description")) < next) {
      partial.add("batch " + next + ": team visible before the change to " + TEAMS);
    }
  }
}
