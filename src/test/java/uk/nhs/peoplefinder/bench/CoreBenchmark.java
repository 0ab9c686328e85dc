package uk.nhs.peoplefinder.bench;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Iterator;
import java.nio.file.Files;
import java.nio.file.Path;
import uk.nhs.peoplefinder.seed.SeedGenerator;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;

/**
 * The core's load, memory and lookup benchmark: generates a directory of N users with the seed
 * generator (or reuses a seed directory), loads it through the write pipeline as {@code serve
 * --seed-data} does, reports load time and heap after full GC, then measures equality lookups by
 * {@code mail} over real LDAP connections from 4 client threads.
 *
 * <p>Run: {@code MAVEN_OPTS=-Xmx6g mvn -q test-compile exec:java@core-benchmark -Dexec.args="1500000 20"}
 * (users, seconds of lookups, and optionally a seed directory to reuse).
 */
public final class CoreBenchmark {
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("people-finder-bench");
    int threads = 4;
    Files.createDirectories(dir);
    if (!Files.exists(dir.resolve(SeedGenerator.fileName(1)))) {
      long generating = System.nanoTime();
      new SeedGenerator(1).write(users, dir);
      System.out.printf(Locale.ROOT, "generated %,d users into %s in %.1f s%n", users, dir, (System.nanoTime() - generating) / 1e9);
    }
    long baseline = usedHeapAfterGc();
    long started = System.nanoTime();
    try (PeopleFinderServer server =
        PeopleFinderServer.builder().port(0).seedData(dir).adminPassword("Bench-1234").helpdeskPassword("Bench-1234").start()) {
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      long used = usedHeapAfterGc() - baseline;
      System.out.printf(Locale.ROOT, "loaded %,d entries in %.1f s (%,.0f entries/s)%n",
          server.store().size(), loadSeconds, server.store().size() / loadSeconds);
      System.out.printf(Locale.ROOT, "heap after full GC: %,.0f MiB for the directory, %,.0f bytes per entry%n",
          used / 1048576.0, (double) used / server.store().size());
      lookups(server, sampleMails(server, 20_000), threads, seconds);
    }
  }

  /** Every k-th personal address, so the lookups spread over the whole directory. */
  private static List<String> sampleMails(PeopleFinderServer server, int count) {
    int step = Math.max(1, server.store().size() / count);
    List<String> mails = new ArrayList<>();
    Iterator<String> keys = server.store().subtree(server.store().key(Attr.ORGANISATIONS_DN));
    for (int i = 0; keys.hasNext(); i++) {
      String key = keys.next();
      if (i % step != 0) {
        continue;
      }
      Entry entry = server.store().get(key);
      if (entry != null && entry.hasObjectClass(Attr.NHS_PERSON) && entry.hasAttribute(Attr.MAIL)) {
        mails.add(entry.getAttributeValue(Attr.MAIL));
      }
    }
    return mails;
  }

  private static void lookups(PeopleFinderServer server, List<String> mails, int threads, int seconds) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    List<long[]> latencies = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    long[] counts = new long[threads];
    long[] misses = new long[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      long[] samples = new long[4_000_000];
      latencies.add(samples);
      LDAPConnection connection =
          new LDAPConnection("127.0.0.1", server.port(), Attr.NAS_ADMIN_DN, "Bench-1234");
      Thread worker =
          new Thread(
              () -> {
                try (connection) {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (running.get()) {
                    long start = System.nanoTime();
                    SearchResult result =
                        connection.search(Attr.BASE_DN, SearchScope.SUB, "(mail=" + mails.get(random.nextInt(mails.size())) + ")", "cn", "mail");
                    long took = System.nanoTime() - start;
                    if (result.getEntryCount() != 1) {
                      misses[id]++;
                    }
                    if (counts[id] < samples.length) {
                      samples[(int) counts[id]] = took;
                    }
                    counts[id]++;
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      workers.add(worker);
    }
    // Warm up the JIT for a few seconds before measuring.
    workers.forEach(Thread::start);
    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    running.set(false);
    for (Thread worker : workers) {
      worker.join();
    }
    long total = Arrays.stream(counts).sum();
    long[] all = new long[(int) Math.min(total, Integer.MAX_VALUE - 8)];
    int at = 0;
    for (int t = 0; t < threads; t++) {
      int n = (int) Math.min(counts[t], latencies.get(t).length);
      System.arraycopy(latencies.get(t), 0, all, at, n);
      at += n;
    }
    long[] measured = Arrays.copyOf(all, at);
    Arrays.sort(measured);
    System.out.printf(Locale.ROOT, "equality lookups by mail (%,d distinct), %d client threads, %d s: %,.0f searches/s, p50 %.2f ms, p99 %.2f ms, misses %d%n", mails.size(),
        threads, seconds, total / (double) seconds,
        measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
        Arrays.stream(misses).sum());
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
