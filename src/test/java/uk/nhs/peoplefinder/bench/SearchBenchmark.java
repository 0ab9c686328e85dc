package uk.nhs.peoplefinder.bench;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;
import uk.nhs.peoplefinder.search.SearchIndex;
import uk.nhs.peoplefinder.seed.SeedGenerator;

/**
 * The search benchmark of issue 6: loads a generated directory of N users into an embedded People
 * Finder, then measures each address-book workload ({@link SearchWorkloads}) over real LDAP
 * connections from 4 client threads: searches per second, p50 and p99 latency, average entries
 * returned. Optionally measures another server on the same data (OpenLDAP slapd, see
 * {@code src/bench/slapd.sh}) and prints both side by side. Not part of the test suite; see
 * docs/search-benchmark.md.
 *
 * <pre>
 * SearchBenchmark USERS SECONDS DIR [URL] [--compare URL] [--compare-name NAME]
 *     [--bind-dn DN] [--bind-password PW] [--export-ldif FILE] [--only 1,5b,9] [--threads 4] [--seed 6]
 * </pre>
 */
public final class SearchBenchmark {
  static final String PASSWORD = "Bench-1234";
  private static final String EMBEDDED = "People Finder";

  private SearchBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("search-benchmark: " + e.getMessage());
      System.err.println(
          "usage: USERS SECONDS DIR [URL] [--compare URL] [--compare-name NAME] [--bind-dn DN]"
              + " [--bind-password PW] [--export-ldif FILE] [--only 1,5b,9] [--threads N] [--seed S]");
      System.exit(2);
      return;
    }
    run(options);
  }

  private static void run(Options o) throws Exception {
    Files.createDirectories(o.dir);
    if (!Files.exists(o.dir.resolve(SeedGenerator.fileName(1)))) {
      long generating = System.nanoTime();
      new SeedGenerator(1).write(o.users, o.dir);
      System.out.printf(Locale.ROOT, "generated %,d users into %s in %.1f s%n", o.users, o.dir, seconds(generating));
    } else {
      System.out.printf(Locale.ROOT, "reusing the seed files in %s%n", o.dir);
    }
    long loading = System.nanoTime();
    try (PeopleFinderServer server =
        PeopleFinderServer.builder()
            .port(0)
            .seedData(o.dir)
            .adminPassword(PASSWORD)
            .helpdeskPassword(PASSWORD)
            .start()) {
      System.out.printf(
          Locale.ROOT,
          "People Finder loaded %,d entries in %.1f s (store and search index, built side by side)%n",
          server.store().size(),
          seconds(loading));
      System.out.printf(Locale.ROOT, "heap after full GC, whole server: %,.0f MiB%n", usedHeapAfterGc() / 1048576.0);
      if (o.seconds > 0) {
        // the index alone, rebuilt from the loaded store (the time a restore would take)
        long indexing = System.nanoTime();
        try (SearchIndex rebuilt = SearchIndex.of(server.store())) {
          rebuilt.awaitCurrent();
          System.out.printf(
              Locale.ROOT, "search index rebuilt from the store alone in %.1f s%n", seconds(indexing));
        }
      }
      if (o.exportLdif != null) {
        long exporting = System.nanoTime();
        Files.createDirectories(o.exportLdif.getParent());
        int count = LdifExport.write(server.store(), o.exportLdif);
        System.out.printf(Locale.ROOT, "exported %,d entries to %s in %.1f s%n", count, o.exportLdif, seconds(exporting));
      }
      if (o.seconds == 0) {
        return;
      }
      DirectorySample sample = DirectorySample.of(server.store(), 20_000);
      List<Workload> workloads = select(SearchWorkloads.all(sample, o.users, o.seed), o.only);

      Map<String, LDAPURL> servers = new LinkedHashMap<>();
      if (o.url != null) {
        servers.put(o.url.toString(), o.url);
      } else {
        servers.put(EMBEDDED, new LDAPURL(server.url()));
        if (o.compare != null) {
          servers.put(o.compareName != null ? o.compareName : o.compare.toString(), o.compare);
        }
      }
      printHeader(o, sample, servers.keySet());
      Map<String, Map<Workload, Measurement>> results = measure(o, workloads, servers);
      System.out.println();
      System.out.print(ResultTable.render(workloads, results));
      System.out.printf(
          Locale.ROOT,
          "%nload average at the end: %.2f (%d CPUs)%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
    }
  }

  /** Workload by workload, each server in turn, so a busy spell on the shared machine hits both alike. */
  private static Map<String, Map<Workload, Measurement>> measure(
      Options o, List<Workload> workloads, Map<String, LDAPURL> servers) throws Exception {
    int warmUp = Math.max(1, o.seconds / 5);
    Map<String, WorkloadRunner> runners = new LinkedHashMap<>();
    Map<String, Map<Workload, Measurement>> results = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, LDAPURL> s : servers.entrySet()) {
        boolean embedded = s.getKey().equals(EMBEDDED);
        runners.put(s.getKey(), new WorkloadRunner(s.getKey(), s.getValue(), embedded ? Attr.NAS_ADMIN_DN : o.bindDn, embedded ? PASSWORD : o.bindPassword, o.threads));
        results.put(s.getKey(), new LinkedHashMap<>());
      }
      for (Workload workload : workloads) {
        for (WorkloadRunner runner : runners.values()) {
          Measurement m = runner.measure(workload, warmUp, o.seconds);
          results.get(runner.name()).put(workload, m);
          System.out.printf(Locale.ROOT, "%-24s %-28s %s%n", workload.id(), runner.name(), ResultTable.oneLine(m));
        }
      }
    } finally {
      runners.values().forEach(WorkloadRunner::close);
    }
    return results;
  }

  private static List<Workload> select(List<Workload> all, Set<String> only) {
    if (only.isEmpty()) {
      return all;
    }
    List<Workload> chosen = all.stream().filter(w -> only.contains(w.id().split(" ")[0])).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException(
          "--only " + only + " names no workload; the workloads are "
              + all.stream().map(w -> w.id().split(" ")[0]).collect(Collectors.joining(",")));
    }
    return chosen;
  }

  private static void printHeader(Options o, DirectorySample sample, Set<String> servers) {
    System.out.println();
    System.out.printf(Locale.ROOT, "search benchmark, %s%n", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    System.out.printf(
        Locale.ROOT,
        "directory: %,d users (%,d entries, %,d organisations) from %s; typed strings from %,d sampled people, seed %d%n",
        o.users, sample.entries(), sample.odsCodes().size(), o.dir, sample.people().size(), o.seed);
    System.out.printf(
        Locale.ROOT,
        "clients: %d threads, one bound connection each; per workload %d s warm-up then %d s measured; servers: %s%n",
        o.threads, Math.max(1, o.seconds / 5), o.seconds, String.join(", ", servers));
    System.out.printf(
        Locale.ROOT,
        "machine: %d CPUs, load average %.2f at start, Java %s, max heap %,d MiB%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.println();
  }

  private static long usedHeapAfterGc() {
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  /** The command line. */
  private static final class Options {
    int users;
    int seconds;
    Path dir;
    LDAPURL url;
    LDAPURL compare;
    String compareName;
    String bindDn = Attr.NAS_ADMIN_DN;
    String bindPassword = PASSWORD;
    Path exportLdif;
    Set<String> only = Set.of();
    int threads = 4;
    long seed = 6;

    static Options parse(String[] args) {
      Options o = new Options();
      List<String> positional = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (!arg.startsWith("--")) {
          positional.add(arg);
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(arg + " needs a value");
        }
        String value = args[++i];
        switch (arg) {
          case "--compare" -> o.compare = url(value);
          case "--compare-name" -> o.compareName = value;
          case "--bind-dn" -> o.bindDn = value;
          case "--bind-password" -> o.bindPassword = value;
          case "--export-ldif" -> o.exportLdif = Path.of(value).toAbsolutePath();
          case "--only" -> o.only = Set.copyOf(Arrays.asList(value.split(",")));
          case "--threads" -> o.threads = number(arg, value, 1);
          case "--seed" -> o.seed = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown option " + arg);
        }
      }
      if (positional.size() < 3 || positional.size() > 4) {
        throw new IllegalArgumentException("expected USERS SECONDS DIR [URL], got " + positional);
      }
      o.users = number("USERS", positional.get(0), 1);
      o.seconds = number("SECONDS", positional.get(1), 0);
      o.dir = Path.of(positional.get(2)).toAbsolutePath();
      if (positional.size() == 4) {
        o.url = url(positional.get(3));
      }
      if (o.exportLdif != null && o.exportLdif.getParent().equals(o.dir)) {
        throw new IllegalArgumentException(
            "--export-ldif must not write into DIR itself: every .ldif file there is loaded as seed data; use a subdirectory such as "
                + o.dir.resolve("slapd").resolve(o.exportLdif.getFileName()));
      }
      if (o.url != null && o.compare != null) {
        throw new IllegalArgumentException("give either URL (measure that server instead) or --compare URL, not both");
      }
      return o;
    }

    private static int number(String name, String value, int min) {
      try {
        int n = Integer.parseInt(value.replace("_", ""));
        if (n >= min) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(name + " must be a whole number of at least " + min + ", not " + value);
    }

    private static LDAPURL url(String value) {
      try {
        return new LDAPURL(value);
      } catch (LDAPException e) {
        throw new IllegalArgumentException("not an LDAP URL: " + value + " (" + e.getMessage() + ")");
      }
    }
  }
}
