package uk.nhs.peoplefinder.bench;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.controls.ServerSideSortResponseControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import uk.nhs.peoplefinder.bench.Measurement.Failure;

/**
 * Runs workloads against one LDAP server from a fixed number of client threads, each with its own
 * bound connection, kept open across workloads as an address-book client keeps its connection.
 */
final class WorkloadRunner implements AutoCloseable {
  private final String name;
  private final LDAPURL url;
  private final String bindDn;
  private final String password;
  private final LDAPConnectionOptions options = new LDAPConnectionOptions();
  private final List<LDAPConnection> connections = new ArrayList<>();
  private Client probe;

  WorkloadRunner(String name, LDAPURL url, String bindDn, String password, int threads) throws LDAPException {
    this.name = name;
    this.url = url;
    this.bindDn = bindDn;
    this.password = password;
    options.setUseSynchronousMode(true);
    options.setResponseTimeoutMillis(TimeUnit.MINUTES.toMillis(5));
    try {
      for (int t = 0; t < threads; t++) {
        connections.add(connect());
      }
    } catch (LDAPException e) {
      close();
      throw e;
    }
  }

  private LDAPConnection connect() throws LDAPException {
    return new LDAPConnection(options, url.getHost(), url.getPort(), bindDn, password);
  }

  String name() {
    return name;
  }

  /**
   * Sends the workload's first request once: a server that refuses it (any result but success and
   * sizeLimitExceeded) gets a refusal row instead of a timed run. Otherwise every thread sends its
   * first request, then all warm up for {@code warmUpSeconds}, then are measured for {@code seconds}.
   */
  Measurement measure(Workload workload, int warmUpSeconds, int seconds) throws InterruptedException {
    probe = new Client(connections.get(0));
    SearchResult probe = this.probe.once(workload, 0);
    if (!answered(probe.getResultCode())) {
      return Measurement.refused(describe(probe));
    }
    String note = controlNote(workload, probe);

    int threads = connections.size();
    AtomicBoolean running = new AtomicBoolean(true);
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    // Searches that begin before this instant warm up the server and the client; they are not recorded.
    AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
    Recorder[] recorders = new Recorder[threads];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Recorder recorder = new Recorder();
      recorders[t] = recorder;
      Client client = new Client(connections.get(t));
      int start = t * (workload.filters().size() / threads);
      Thread worker =
          new Thread(
              () -> {
                // Each thread's first search (opening its list, for VLV) is answered before the
                // warm-up starts, so a slow first answer cannot eat into the measured window.
                client.once(workload, start);
                ready.countDown();
                awaitQuietly(go);
                long from = measureFrom.get();
                for (int n = start + 1; running.get(); n++) {
                  client.search(workload, n, from, recorder);
                }
              },
              "bench-" + name + "-" + t);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    ready.await();
    long from = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUpSeconds);
    measureFrom.set(from);
    go.countDown();
    TimeUnit.NANOSECONDS.sleep(Math.max(0, from - System.nanoTime()) + TimeUnit.SECONDS.toNanos(seconds));
    running.set(false);
    for (Thread worker : workers) {
      worker.join();
    }
    return summarise(recorders, from, note);
  }

  private static Measurement summarise(Recorder[] recorders, long from, String note) {
    long searches = 0;
    long entries = 0;
    long sizeLimitHits = 0;
    long vlvNewLists = 0;
    long lastEnd = from;
    Map<String, Failure> failures = new LinkedHashMap<>();
    for (Recorder r : recorders) {
      searches += r.count;
      entries += r.entries;
      sizeLimitHits += r.sizeLimitHits;
      vlvNewLists += r.vlvNewLists;
      lastEnd = Math.max(lastEnd, r.lastEnd);
      r.failures.forEach(
          (code, failure) ->
              failures.merge(code, failure, (a, b) -> new Failure(a.count() + b.count(), a.firstMessage())));
    }
    long[] all = new long[(int) searches];
    int at = 0;
    for (Recorder r : recorders) {
      System.arraycopy(r.nanos, 0, all, at, r.count);
      at += r.count;
    }
    Arrays.sort(all);
    return new Measurement(
        searches, (lastEnd - from) / 1e9, all, entries, sizeLimitHits, vlvNewLists, Map.copyOf(failures), null, note);
  }

  /**
   * One client thread's connection and, while it scrolls a virtual list, the context ID of the
   * server's last VLV response.
   */
  private final class Client {
    private final LDAPConnection connection;
    private ASN1OctetString vlvContext;
    /** Whether the last page came with a context ID other than the one sent: the server began a new list. */
    private boolean newList;

    Client(LDAPConnection connection) {
      this.connection = connection;
    }

    /** Sends the n-th request and records it if it began after {@code from}. */
    void search(Workload workload, int n, long from, Recorder recorder) {
      if (workload.page() != null && workload.page().newList()) {
        searchOnNewConnection(workload, n, from, recorder);
        return;
      }
      long began = System.nanoTime();
      SearchResult result = search(workload, n);
      long ended = System.nanoTime();
      if (began >= from) {
        recorder.record(result, ended - began, ended);
        if (newList) {
          recorder.vlvNewLists++;
        }
      }
      if (!ResultCode.isConnectionUsable(result.getResultCode())) {
        reconnect(connection);
      }
    }

    /** The n-th request, untimed (on a new connection when the workload opens a new list each time). */
    SearchResult once(Workload workload, int n) {
      if (workload.page() != null && (workload.page().newList() || this == probe)) {
        try (LDAPConnection fresh = connect()) {
          return search(fresh, workload.request(n, null));
        } catch (LDAPException e) {
          return new SearchResult(e.toLDAPResult());
        }
      }
      return search(workload, n);
    }

    private SearchResult search(Workload workload, int n) {
      ASN1OctetString sent = vlvContext;
      SearchResult result = search(connection, workload.request(n, vlvContext));
      // A refused page (slapd answers busy (51) now and then when pages follow each other fast)
      // keeps the list: the client goes on scrolling it with the context ID it has.
      ASN1OctetString context = workload.page() == null ? null : contextId(result);
      newList = sent != null && context != null && !sent.equalsIgnoreType(context);
      if (context != null) {
        vlvContext = context;
      }
      return result;
    }

    /** NOTE: only the search is timed; connecting and binding count in searches per second only. */
    private void searchOnNewConnection(Workload workload, int n, long from, Recorder recorder) {
      try (LDAPConnection fresh = connect()) {
        long began = System.nanoTime();
        SearchResult result = search(fresh, workload.request(n, null));
        long ended = System.nanoTime();
        if (began >= from) {
          recorder.record(result, ended - began, ended);
        }
      } catch (LDAPException e) {
        long now = System.nanoTime();
        if (now >= from) {
          recorder.record(new SearchResult(e.toLDAPResult()), 0, now);
        }
      }
    }

    private static SearchResult search(LDAPConnection connection, SearchRequest request) {
      try {
        return connection.search(request);
      } catch (LDAPSearchException e) {
        return e.getSearchResult();
      }
    }

    private static ASN1OctetString contextId(SearchResult result) {
      try {
        VirtualListViewResponseControl vlv = VirtualListViewResponseControl.get(result);
        return vlv == null ? null : vlv.getContextID();
      } catch (LDAPException e) {
        return null;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void reconnect(LDAPConnection connection) {
    try {
      connection.reconnect();
    } catch (LDAPException e) {
      // The next search fails again and is counted; the run goes on with the other threads.
    }
  }

  private static boolean answered(ResultCode code) {
    return code == ResultCode.SUCCESS || code == ResultCode.SIZE_LIMIT_EXCEEDED;
  }

  /** Result code name, number and the server's message, e.g. {@code unavailableCriticalExtension (12): …}. */
  static String describe(SearchResult result) {
    String message = result.getDiagnosticMessage();
    return result.getResultCode().getName()
        + " (" + result.getResultCode().intValue() + ")"
        + (message == null || message.isBlank() ? "" : ": " + message.strip());
  }

  /** For the VLV workload: whether the server said it sorted and paged (a server may ignore non-critical controls). */
  private static String controlNote(Workload workload, SearchResult probe) {
    if (workload.page() == null) {
      return null;
    }
    List<String> notes = new ArrayList<>();
    try {
      ServerSideSortResponseControl sort = ServerSideSortResponseControl.get(probe);
      if (sort == null) {
        notes.add("no sort response control");
      } else if (sort.getResultCode() != ResultCode.SUCCESS) {
        notes.add("sort response " + sort.getResultCode().getName());
      }
      VirtualListViewResponseControl vlv = VirtualListViewResponseControl.get(probe);
      if (vlv == null) {
        notes.add("no VLV response control");
      } else {
        if (vlv.getResultCode() != ResultCode.SUCCESS) {
          notes.add("VLV response " + vlv.getResultCode().getName());
        }
        notes.add(String.format(java.util.Locale.ROOT, "VLV target %,d of %,d", vlv.getTargetPosition(), vlv.getContentCount()));
      }
    } catch (LDAPException e) {
      notes.add("undecodable response control: " + e.getMessage());
    }
    return String.join("; ", notes);
  }

  @Override
  public void close() {
    connections.forEach(LDAPConnection::close);
  }

  /** One thread's results; read only after the thread has ended. */
  private static final class Recorder {
    long[] nanos = new long[1 << 16];
    int count;
    long entries;
    long sizeLimitHits;
    long vlvNewLists;
    long lastEnd;
    final Map<String, Failure> failures = new LinkedHashMap<>();

    void record(SearchResult result, long nanosTaken, long end) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, count * 2);
      }
      nanos[count++] = nanosTaken;
      lastEnd = end;
      ResultCode code = result.getResultCode();
      if (code == ResultCode.SIZE_LIMIT_EXCEEDED) {
        sizeLimitHits++;
      }
      if (answered(code)) {
        entries += result.getEntryCount();
      } else {
        String key = code.getName() + " (" + code.intValue() + ")";
        Failure seen = failures.get(key);
        failures.put(key, new Failure(seen == null ? 1 : seen.count() + 1, seen == null ? describe(result) : seen.firstMessage()));
      }
    }
  }
}
