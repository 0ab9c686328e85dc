package uk.nhs.peoplefinder.seed;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Writes a synthetic directory of England's size and shape as seed files: organisations of every
 * sector with their shared mailboxes, staff and links, all within the provisioning rules.
 *
 * <p>Files are {@code organisations-00001.json}, {@code organisations-00002.json} … with 5,000
 * organisations each, one organisation per line, in the seed format ({@link SeedOrganisation}):
 * {@code {"defaultPassword":"PeopleFinder-Demo-1","organisations":[…]}}. Every file gives the same
 * {@link #DEFAULT_PASSWORD}, which active accounts without a password of their own receive.
 *
 * <p>The same seed and number of users always give byte-identical files: organisations are planned
 * up front ({@link GeneratorPlan}), each then draws from its own seeded stream, and nothing depends
 * on the clock, hash order or the number of threads. Memory holds the plan (a small record per
 * organisation) and one organisation's people per thread, never the whole directory.
 */
public final class SeedGenerator {
  /** The password every generated file gives its accounts (R-PASSWORD: 19 characters, 4 kinds). */
  public static final String DEFAULT_PASSWORD = "PeopleFinder-Demo-1";

  /** The most accounts one run makes; beyond it some ODS code shapes would run out. */
  public static final int MAX_USERS = 10_000_000;

  static final int ORGANISATIONS_PER_FILE = 5_000;

  private static final JsonFactory JSON = new JsonFactory();

  /**
   * What a run wrote.
   *
   * @param accounts personal and application accounts (the requested number of users)
   * @param organisationsByType organisations per {@code nhsOrgType} (trust sites with trusts, care
   *     trusts with care)
   * @param accountsByType accounts per {@code nhsOrgType}
   */
  public record Summary(
      int organisations,
      int accounts,
      int applications,
      int files,
      long bytes,
      Map<String, Integer> organisationsByType,
      Map<String, Integer> accountsByType) {}

  private final long seed;
  private final int organisationsPerFile;
  private final int threads;

  public SeedGenerator(long seed) {
    this(seed, ORGANISATIONS_PER_FILE, Runtime.getRuntime().availableProcessors());
  }

  SeedGenerator(long seed, int organisationsPerFile, int threads) {
    if (organisationsPerFile < 1 || threads < 1) {
      throw new IllegalArgumentException("organisations per file and threads must be at least 1");
    }
    this.seed = seed;
    this.organisationsPerFile = organisationsPerFile;
    this.threads = threads;
  }

  /** The name of the n-th file (from 1): organisations-00001.json. */
  public static String fileName(int number) {
    return String.format(Locale.ROOT, "organisations-%05d.json", number);
  }

  /**
   * Writes the seed files for {@code users} accounts into {@code outDir}, which must exist;
   * files of the same names are replaced. Each file is written under a temporary name and moved
   * into place when complete, so a failed run never leaves a half-written seed file behind.
   */
  public Summary write(int users, Path outDir) throws IOException {
    if (users < 1 || users > MAX_USERS) {
      throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS + ", not " + users);
    }
    GeneratorPlan plan = GeneratorPlan.make(mix(seed, -1), users);
    OrganisationGenerator generator = new OrganisationGenerator(seed, plan, new MobileNumbers(mix(seed, -2)));
    int files = (plan.orgs.size() + organisationsPerFile - 1) / organisationsPerFile;

    List<int[]> results = new ArrayList<>(Collections.nCopies(files, null));
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files), daemonThreads());
    try {
      List<Future<int[]>> futures = new ArrayList<>();
      for (int f = 0; f < files; f++) {
        int number = f + 1;
        futures.add(pool.submit(() -> writeFile(generator, plan, number, outDir)));
      }
      for (int f = 0; f < files; f++) {
        results.set(f, futures.get(f).get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing seed files to " + outDir, e);
    } finally {
      pool.shutdownNow();
    }

    int accounts = 0;
    int applications = 0;
    long bytes = 0;
    for (int f = 0; f < files; f++) {
      accounts += results.get(f)[0];
      applications += results.get(f)[1];
      bytes += Files.size(outDir.resolve(fileName(f + 1)));
    }
    return new Summary(plan.orgs.size(), accounts, applications, files, bytes, byType(plan.organisationsBySector()),
        byType(plan.accountsBySector()));
  }

  private int[] writeFile(OrganisationGenerator generator, GeneratorPlan plan, int number, Path outDir)
      throws IOException {
    Path target = outDir.resolve(fileName(number));
    Path partial = outDir.resolve(fileName(number) + ".partial");
    int from = (number - 1) * organisationsPerFile;
    int to = Math.min(from + organisationsPerFile, plan.orgs.size());
    int accounts = 0;
    int applications = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
        JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.setPrettyPrinter(new OneOrganisationPerLine());
      json.writeStartObject();
      json.writeStringField("defaultPassword", DEFAULT_PASSWORD);
      json.writeArrayFieldStart("organisations");
      for (int i = from; i < to; i++) {
        OrganisationGenerator.Written written = generator.write(i, json);
        accounts += written.accounts();
        applications += written.applications();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    } catch (IOException e) {
      Files.deleteIfExists(partial);
      throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }
    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new int[] {accounts, applications};
  }

  private static Map<String, Integer> byType(Map<Sector, Integer> bySector) {
    Map<String, Integer> out = new LinkedHashMap<>();
    bySector.forEach((sector, count) -> out.merge(sector.type.value(), count, Integer::sum));
    return Collections.unmodifiableMap(out);
  }

  /** A well-spread 64-bit value from a seed and an index (SplitMix64's finaliser). */
  static long mix(long seed, long index) {
    long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static ThreadFactory daemonThreads() {
    return task -> {
      Thread thread = new Thread(task, "seed-generator");
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Compact JSON with a line break before each organisation, so that a seed file can be read,
   * grepped and diffed one organisation at a time.
   */
  private static final class OneOrganisationPerLine implements PrettyPrinter {
    // Nesting: 1 inside the file's object, 2 inside "organisations".
    private int depth;

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
      depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) {}

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(':');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
      g.writeRaw('}');
      depth--;
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
      depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (depth == 2) {
        g.writeRaw('\n');
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(depth == 2 ? ",\n" : ",");
    }

    @Override
    public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
      g.writeRaw(depth == 2 && nrOfValues > 0 ? "\n]" : "]");
      depth--;
    }
  }
}
