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
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.WritePipeline;

/**
 * The core's memory and lookup benchmark: loads N simple person entries (25 per organisation)
 * through the write pipeline, reports load time and heap after full GC, then measures equality
 * lookups by {@code mail} over real LDAP connections from 4 client threads.
 *
 * <p>Run: {@code MAVEN_OPTS=-Xmx6g mvn -q test-compile exec:java@core-benchmark -Dexec.args=1000000}
 */
public final class CoreBenchmark {
  private static final String[] GIVEN = {"john", "mary", "ali", "priya", "zoe", "siobhan", "mohammed", "anne", "david", "sarah"};
  private static final String[] FAMILY = {"smith", "jones", "patel", "oneil", "macdonald", "brown", "taylor", "khan", "wilson", "evans"};
  private static final int PER_ORG = 25;

  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int threads = 4;
    try (PeopleFinderServer server =
        PeopleFinderServer.builder().port(0).withoutSeedData().adminPassword("Bench-1234").helpdeskPassword("Bench-1234").start()) {
      long baseline = usedHeapAfterGc();
      long started = System.nanoTime();
      load(server.pipeline(), users);
      double loadSeconds = (System.nanoTime() - started) / 1e9;
      long used = usedHeapAfterGc() - baseline;
      System.out.printf(Locale.ROOT, "loaded %,d entries in %.1f s (%,.0f entries/s)%n",
          server.store().size(), loadSeconds, users / loadSeconds);
      System.out.printf(Locale.ROOT, "heap after full GC: %,.0f MiB for the directory, %,.0f bytes per entry%n",
          used / 1048576.0, (double) used / server.store().size());
      lookups(server, users, threads, seconds);
    }
  }

  private static void load(WritePipeline pipeline, int users) throws Exception {
    String sector = "ou=Pharmacy," + Attr.ORGANISATIONS_DN;
    int orgs = (users + PER_ORG - 1) / PER_ORG;
    int person = 0;
    for (int o = 0; o < orgs; o++) {
      String ods = odsCode(o);
      String orgDn = "nhsOdsCode=" + ods + "," + sector;
      Entry org = new Entry(orgDn);
      org.addAttribute("objectClass", "top", "organizationalUnit", "nhsOrganisation");
      org.addAttribute("nhsOdsCode", ods);
      org.addAttribute("ou", "Pharmacy " + o);
      org.addAttribute("nhsOrgType", "pharmacy");
      org.addAttribute("nhsOrgStatus", "active");
      org.addAttribute("l", "Leeds");
      pipeline.submit(Requester.SYSTEM, new Change.Add(org));
      for (int p = 0; p < PER_ORG && person < users; p++, person++) {
        pipeline.submit(Requester.SYSTEM, new Change.Add(person(orgDn, ods, person)));
      }
    }
  }

  static Entry person(String orgDn, String ods, int n) {
    String given = GIVEN[n % GIVEN.length];
    String family = FAMILY[(n / GIVEN.length) % FAMILY.length];
    String uid = given + "." + family + n;
    String cap = Character.toUpperCase(given.charAt(0)) + given.substring(1);
    String capFamily = Character.toUpperCase(family.charAt(0)) + family.substring(1);
    Entry e = new Entry("uid=" + uid + "," + orgDn);
    e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson");
    e.addAttribute("uid", uid);
    e.addAttribute("givenName", cap);
    e.addAttribute("sn", capFamily);
    e.addAttribute("cn", cap + " " + capFamily + " (PHARMACY " + ods + ")");
    e.addAttribute("displayName", cap + " " + capFamily + " (PHARMACY " + ods + ")");
    e.addAttribute("mail", uid + "@nhs.net");
    e.addAttribute("proxyAddresses", "SMTP:" + uid + "@nhs.net");
    e.addAttribute("mobile", String.format(Locale.ROOT, "+447%09d", n));
    e.addAttribute("nhsOdsCode", ods);
    e.addAttribute("nhsAccountKind", "person");
    e.addAttribute("nhsAccountStatus", "active");
    e.addAttribute("nhsHideMobile", "FALSE");
    e.addAttribute("title", "Pharmacist");
    return e;
  }

  static String mail(int n) {
    return GIVEN[n % GIVEN.length] + "." + FAMILY[(n / GIVEN.length) % FAMILY.length] + n + "@nhs.net";
  }

  /** Pharmacy-shaped codes F + 4 letters/digits, unique per index. */
  static String odsCode(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    char[] code = new char[4];
    int v = n;
    for (int i = 3; i >= 0; i--) {
      code[i] = alphabet.charAt(v % alphabet.length());
      v /= alphabet.length();
    }
    return "F" + new String(code);
  }

  private static void lookups(PeopleFinderServer server, int users, int threads, int seconds) throws Exception {
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
                        connection.search(Attr.BASE_DN, SearchScope.SUB, "(mail=" + mail(random.nextInt(users)) + ")", "cn", "mail");
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
    System.out.printf(Locale.ROOT, "equality lookups by mail, %d client threads, %d s: %,.0f searches/s, p50 %.2f ms, p99 %.2f ms, misses %d%n",
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
