package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.search.Anr;
import uk.nhs.peoplefinder.search.FilterEvaluator;
import uk.nhs.peoplefinder.seed.SeedGenerator;

/**
 * A generated directory for the index-versus-brute-force tests: 1,500 generated users plus the
 * bundled demo seed (Smith/Smyth, Jon/John, MacDonald/McDonald, O'Neil/O'Neill, hyphens,
 * accents), and the brute-force oracle: the filter evaluated entry by entry over everything the
 * administrator reads, as a full scan with LDAP semantics would.
 */
final class SearchFixture {
  static final String BASE = "dc=nhs,dc=net";
  private static Path directory;

  private SearchFixture() {}

  /** The seed directory, generated once per test run (deterministic: seed 7). */
  static synchronized Path seedDirectory() {
    if (directory == null) {
      try {
        Path dir = Files.createTempDirectory("people-finder-search-fixture");
        new SeedGenerator(7).write(1_500, dir);
        Files.copy(Path.of("seed-data/nhs-demo.json"), dir.resolve("zz-demo.json"), StandardCopyOption.REPLACE_EXISTING);
        dir.toFile().deleteOnExit();
        try (var files = Files.list(dir)) {
          files.forEach(f -> f.toFile().deleteOnExit());
        }
        directory = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directory;
  }

  static ServerExtension server() {
    return ServerExtension.with(builder -> builder.seedData(seedDirectory()));
  }

  /** Every entry with every user attribute, as the NAS administrator reads it. */
  static List<Entry> everything(LDAPConnection admin) throws LDAPException {
    Schema schema = NhsSchema.load();
    List<Entry> all = new ArrayList<>();
    for (SearchResultEntry entry : admin.search(BASE, SearchScope.SUB, "(objectClass=*)").getSearchEntries()) {
      all.add(new Entry(entry.getDN(), schema, entry.getAttributes()));
    }
    return all;
  }

  /** Normalised DNs of the entries the filter matches, entry by entry (ANR expanded first). */
  static Set<String> bruteForce(List<Entry> entries, Filter filter) {
    Schema schema = NhsSchema.load();
    FilterEvaluator evaluator = new FilterEvaluator(schema);
    Filter expanded = Anr.expand(filter);
    Set<String> matches = new TreeSet<>();
    for (Entry entry : entries) {
      if (evaluator.matches(expanded, entry.duplicate())) {
        matches.add(normalised(entry.getDN()));
      }
    }
    return matches;
  }

  /** Normalised DNs the server returns for the filter (no size limit). */
  static Set<String> served(LDAPConnection connection, Filter filter) throws LDAPException {
    Set<String> dns = new TreeSet<>();
    for (SearchResultEntry entry : search(connection, filter, 0).getSearchEntries()) {
      dns.add(normalised(entry.getDN()));
    }
    return dns;
  }

  static SearchResult search(LDAPConnection connection, Filter filter, int sizeLimit, String... attributes)
      throws LDAPException {
    SearchRequest request = new SearchRequest(BASE, SearchScope.SUB, filter, attributes.length == 0 ? new String[] {"1.1"} : attributes);
    request.setSizeLimit(sizeLimit);
    try {
      return connection.search(request);
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        return e.getSearchResult();
      }
      throw e;
    }
  }

  /** Asserts the server returns exactly what brute force matches; answers how many that was. */
  static int assertSameAsBruteForce(LDAPConnection connection, List<Entry> entries, Filter filter) throws LDAPException {
    Set<String> expected = bruteForce(entries, filter);
    assertEquals(expected, served(connection, filter), "filter " + filter);
    return expected.size();
  }

  static void assertEnoughMatched(int nonEmpty, int total) {
    assertTrue(nonEmpty > total / 3, "enough filters match something to mean something: " + nonEmpty + " of " + total);
  }

  /** Values some entry holds for the attribute. */
  static List<String> values(List<Entry> entries, String attribute) {
    List<String> values = new ArrayList<>();
    for (Entry entry : entries) {
      Attribute a = entry.getAttribute(attribute);
      if (a != null) {
        values.addAll(List.of(a.getValues()));
      }
    }
    return values;
  }

  static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }

  static String normalised(String dn) {
    try {
      return new com.unboundid.ldap.sdk.DN(dn, NhsSchema.load()).toNormalizedString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException(dn, e);
    }
  }
}
