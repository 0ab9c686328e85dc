package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.SampleDirectory.BASE;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.AsyncRequestID;
import com.unboundid.ldap.sdk.AsyncResultListener;
import com.unboundid.ldap.sdk.AsyncSearchResultListener;
import com.unboundid.ldap.sdk.CompareRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionInfo;
import com.unboundid.ldap.sdk.LDAPConnectionLogger;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Abandon over a real socket: a search in progress stops sending entries and sends no result, and
 * the connection goes on answering.
 *
 * <p>NOTE: the SDK forgets an abandoned operation at once, so a search listener never sees what the
 * server sends afterwards; a connection logger, which sees every message read from the socket,
 * counts what the server really sent.
 */
class AbandonConformanceTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static final String BULK = "ou=Bulk," + BASE;
  // NOTE: 3,000 entries of 4 KB rather than 30,000 small ones: as many bytes of results (13 MB,
  // well over twice what socket buffers hold, see below) for a quarter of the time spent adding.
  private static final int ENTRIES = 3_000;
  private static final int DESCRIPTION_CHARS = 4_000;
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Counts, per message ID, the search entries and results read from the socket. */
  private static final class WireLog extends LDAPConnectionLogger {
    final Map<Integer, AtomicInteger> entries = new ConcurrentHashMap<>();
    final Set<Integer> results = ConcurrentHashMap.newKeySet();

    @Override
    public void logSearchEntry(
        LDAPConnectionInfo connection, int messageId, SearchResultEntry entry) {
      entries.computeIfAbsent(messageId, id -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void logSearchResult(LDAPConnectionInfo connection, int messageId, SearchResult result) {
      results.add(messageId);
    }

    int entries(int messageId) {
      AtomicInteger count = entries.get(messageId);
      return count == null ? 0 : count.get();
    }
  }

  /** Adds the entries pipelined, a window at a time, so that round trips do not add up. */
  private static void addBulkEntries(LDAPConnection admin) throws Exception {
    admin.add(SampleDirectory.organizationalUnit("Bulk", BASE));
    int window = 16;
    Semaphore inFlight = new Semaphore(window);
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AsyncResultListener done =
        (id, result) -> {
          if (result.getResultCode() != ResultCode.SUCCESS) {
            failures.add(result.getResultCode() + " " + result.getDiagnosticMessage());
          }
          inFlight.release();
        };
    String description = "x".repeat(DESCRIPTION_CHARS);
    for (int i = 0; i < ENTRIES; i++) {
      String ou = String.format("e%05d", i);
      Entry entry = SampleDirectory.organizationalUnit(ou, BULK);
      entry.addAttribute("description", description);
      assertTrue(
          inFlight.tryAcquire(WAIT.toSeconds(), TimeUnit.SECONDS),
          "an add was not answered in time");
      admin.asyncAdd(new AddRequest(entry), done);
    }
    assertTrue(
        inFlight.tryAcquire(window, WAIT.toSeconds(), TimeUnit.SECONDS),
        "adds were not answered in time");
    assertEquals(List.of(), List.copyOf(failures), "refused adds");
  }

  @Test
  void abandon_ofAnOperationAlreadyAnswered_isHarmless() throws Exception {
    LDAPConnection admin = SERVER.admin();
    AsyncRequestID done = admin.asyncCompare(new CompareRequest(BASE, "dc", "nhs"), null);
    assertEquals(
        ResultCode.COMPARE_TRUE, done.get(WAIT.toSeconds(), TimeUnit.SECONDS).getResultCode());
    admin.abandon(done);
    assertEquals(1, admin.search(BASE, SearchScope.BASE, "(objectClass=*)").getEntryCount());
  }

  @Test
  void abandon_searchInProgress_stopsItsEntriesAndSendsNoResult() {
    assertTimeoutPreemptively(Duration.ofSeconds(120), this::abandonSearchInProgress);
  }

  private void abandonSearchInProgress() throws Exception {
    WireLog wire = new WireLog();
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectionLogger(wire);
    // NOTE: while the listener below holds the reader thread, the server can write only what the
    // socket buffers take (this fixed receive buffer, the kernel's send buffer there: 4.5 MB with
    // Linux defaults, about a third of the whole search) before it must wait and, once released,
    // notice the abandon. That bound, not thread timing, is what the assertions rely on. (A
    // receive buffer below the loopback MSS of 64 KB would stall TCP for seconds.)
    options.setReceiveBufferSize(256 * 1024);
    LDAPConnection connection =
        new LDAPConnection(
            options, "127.0.0.1", SERVER.port(), Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
    try {
      addBulkEntries(connection);

      CountDownLatch firstEntry = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicInteger delivered = new AtomicInteger();
      AtomicInteger resultsDelivered = new AtomicInteger();
      AsyncSearchResultListener listener =
          new AsyncSearchResultListener() {
            @Override
            public void searchEntryReturned(SearchResultEntry entry) {
              delivered.incrementAndGet();
              firstEntry.countDown();
              try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }

            @Override
            public void searchReferenceReturned(SearchResultReference reference) {}

            @Override
            public void searchResultReceived(AsyncRequestID id, SearchResult result) {
              resultsDelivered.incrementAndGet();
            }
          };
      SearchRequest request =
          new SearchRequest(listener, BULK, SearchScope.SUB, "(objectClass=*)", "*", "+");
      AsyncRequestID search = connection.asyncSearch(request);

      assertTrue(firstEntry.await(WAIT.toSeconds(), TimeUnit.SECONDS), "no entry arrived");
      connection.abandon(search);
      release.countDown();

      // The server answers a connection's operations in order, so once this search is answered
      // everything the abandoned one was going to send has been read (and logged).
      SearchResult next = connection.search(BULK, SearchScope.BASE, "(objectClass=*)");
      assertEquals(ResultCode.SUCCESS, next.getResultCode());
      assertEquals(1, next.getEntryCount());

      int sent = wire.entries(search.getMessageID());
      assertTrue(sent >= 1, "the search had started");
      assertTrue(
          sent < ENTRIES / 2,
          () ->
              "the server sent "
                  + sent
                  + " of the "
                  + (ENTRIES + 1)
                  + " entries despite the abandon");
      assertFalse(
          wire.results.contains(search.getMessageID()),
          "an abandoned search gets no SearchResultDone");
      assertEquals(1, delivered.get());
      assertEquals(0, resultsDelivered.get());
    } finally {
      connection.close();
    }
  }
}
