package uk.nhs.peoplefinder.bench;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.controls.SortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import uk.nhs.peoplefinder.bench.DirectorySample.Person;
import uk.nhs.peoplefinder.bench.Workload.VlvPage;

/**
 * The workloads of the search benchmark (issue 6, SPEC §4 R-FUZZY and R-BROWSE), with what users
 * type drawn from the directory's own names by a fixed seed, so every run and every server gets
 * the same requests in the same order.
 */
final class SearchWorkloads {
  /** Address-book clients' usual limit (Outlook's default). */
  static final int SIZE_LIMIT = 100;

  /** Variants per workload; each client thread walks them in turn from its own starting point. */
  private static final int VARIANTS = 5_000;

  /** Spelling variants people type for common surnames; other surnames get a mechanical typo. */
  private static final Map<String, String> VARIANT_SPELLINGS =
      Map.ofEntries(
          Map.entry("smith", "smyth"),
          Map.entry("johnson", "jonson"),
          Map.entry("thompson", "thomson"),
          Map.entry("thomas", "tomas"),
          Map.entry("williams", "wiliams"),
          Map.entry("brown", "browne"),
          Map.entry("taylor", "tailor"),
          Map.entry("davies", "davis"),
          Map.entry("wilson", "willson"),
          Map.entry("evans", "evens"),
          Map.entry("white", "whyte"),
          Map.entry("hughes", "hughs"),
          Map.entry("green", "greene"),
          Map.entry("martin", "martyn"),
          Map.entry("jackson", "jakson"),
          Map.entry("clarke", "clark"),
          Map.entry("lewis", "louis"),
          Map.entry("stewart", "stuart"),
          Map.entry("phillips", "philips"),
          Map.entry("mohammed", "muhammad"),
          Map.entry("macdonald", "mcdonald"),
          Map.entry("allen", "allan"),
          Map.entry("reid", "reed"),
          Map.entry("murphy", "murphey"));

  /**
   * NOTE: the ordering rule is named because cn (like every name attribute) has no ORDERING rule
   * in the standard schema: slapd refuses a sort key on cn without one (inappropriateMatching, 18,
   * "No ordering rule"), as RFC 2891 allows.
   */
  static final SortKey SORT_KEY = new SortKey("cn", "caseIgnoreOrderingMatch", false);

  private SearchWorkloads() {}

  /**
   * All workloads, in the order of issue 6.
   *
   * @param users the directory's user count N; the VLV page is at offset N/2
   */
  static List<Workload> all(DirectorySample sample, int users, long seed) {
    Random random = new Random(seed);
    List<Person> people = sample.people();
    List<Workload> workloads = new ArrayList<>();

    workloads.add(
        new Workload(
            "1 mail",
            "(mail=<address>), a sampled person's address",
            filters(random, r -> "(mail=" + value(pick(r, people).mail()) + ")"),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "2 ods",
            "(nhsOdsCode=<code>), a sampled ODS code in lower case",
            filters(random, r -> "(nhsOdsCode=" + value(pick(r, sample.odsCodes()).toLowerCase(Locale.ROOT)) + ")"),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "3 cn prefix",
            "(cn=<p>*), p the first 3 letters of a sampled surname or given name",
            filters(random, r -> "(cn=" + value(prefix(r, name(r, pick(r, people)), 3, 3)) + "*)"),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "4 outlook",
            "(&(mail=*)(|(mail=%s*)(|(cn=%s*)(|(sn=%s*)(givenName=%s*)))))",
            filters(random, r -> outlook(typed(r, people))),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "5a thunderbird 1 word",
            "(|(cn=%v1*)(mail=%v1*)(sn=%v1*))",
            filters(random, r -> thunderbird(typed(r, people))),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "5b thunderbird 2 words",
            "(|(cn=%v1*%v2*)(mail=%v1*%v2*)(sn=%v1*%v2*)), %v1 a given name, %v2 3-6 letters of the surname",
            filters(random, r -> thunderbird2(pick(r, people), r)),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "6 gal",
            "(|(cn=%s*)(sn=%s*)(givenName=%s*)(mail=%s*))",
            filters(random, r -> gal(typed(r, people))),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "7 approx",
            "(cn~=<v>), v a sampled surname misspelt (smyth, jonson, or one letter changed)",
            filters(random, r -> "(cn~=" + value(misspelt(r, people)) + ")"),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "8a anr 1 word",
            "(anr=%s)",
            filters(random, r -> "(anr=" + value(typed(r, people)) + ")"),
            SIZE_LIMIT,
            null));
    workloads.add(
        new Workload(
            "8b anr 2 words",
            "(anr=<given name> <3-6 letters of the surname>)",
            filters(random, r -> anr2(pick(r, people), r)),
            SIZE_LIMIT,
            null));
    int offset = Math.max(1, users / 2);
    List<Filter> persons = List.of(Filter.createEqualityFilter("objectClass", "person"));
    String page =
        String.format(Locale.ROOT, "(objectClass=person), sorted on cn (caseIgnoreOrderingMatch), VLV offset %,d before 0 after 19, no size limit", offset);
    workloads.add(
        new Workload(
            "9a vlv new list",
            page + "; each request on a new connection, without a context ID (the server sorts afresh)",
            persons,
            0,
            new VlvPage(SORT_KEY, offset, 0, 19, true)));
    workloads.add(
        new Workload(
            "9b vlv same list",
            page + "; each request with the context ID of the connection's previous response (scrolling)",
            persons,
            0,
            new VlvPage(SORT_KEY, offset, 0, 19, false)));
    return workloads;
  }

  /** What a user types into a one-box search: 3 to 6 letters of a surname or a given name. */
  private static String typed(Random random, List<Person> people) {
    return prefix(random, name(random, pick(random, people)), 3, 6);
  }

  private static String outlook(String s) {
    String v = value(s);
    return "(&(mail=*)(|(mail=" + v + "*)(|(cn=" + v + "*)(|(sn=" + v + "*)(givenName=" + v + "*)))))";
  }

  private static String thunderbird(String v1) {
    String v = value(v1);
    return "(|(cn=" + v + "*)(mail=" + v + "*)(sn=" + v + "*))";
  }

  private static String thunderbird2(Person person, Random random) {
    String both = value(lower(person.givenName())) + "*" + value(prefix(random, person.surname(), 3, 6)) + "*";
    return "(|(cn=" + both + ")(mail=" + both + ")(sn=" + both + "))";
  }

  private static String gal(String s) {
    String v = value(s);
    return "(|(cn=" + v + "*)(sn=" + v + "*)(givenName=" + v + "*)(mail=" + v + "*))";
  }

  private static String anr2(Person person, Random random) {
    return "(anr=" + value(lower(person.givenName()) + " " + prefix(random, person.surname(), 3, 6)) + ")";
  }

  /** A sampled surname of at least 4 letters as people misspell it: a known variant or one letter changed. */
  static String misspelt(Random random, List<Person> people) {
    for (int attempt = 0; ; attempt++) {
      String surname = lower(pick(random, people).surname());
      if (surname.length() < 4 || !surname.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
        if (attempt < 1_000) {
          continue;
        }
        return "smyth";
      }
      String known = VARIANT_SPELLINGS.get(surname);
      return known != null ? known : typo(random, surname);
    }
  }

  /** One of: a vowel swapped for another, two neighbours swapped, a letter dropped or doubled (never the first). */
  static String typo(Random random, String word) {
    StringBuilder s = new StringBuilder(word);
    int at = 1 + random.nextInt(word.length() - 1);
    switch (random.nextInt(4)) {
      case 0 -> {
        String vowels = "aeiouy";
        for (int i = 0; i < word.length(); i++) {
          int j = (at + i) % word.length();
          if (j > 0 && vowels.indexOf(s.charAt(j)) >= 0) {
            char other;
            do {
              other = vowels.charAt(random.nextInt(vowels.length()));
            } while (other == s.charAt(j));
            s.setCharAt(j, other);
            return s.toString();
          }
        }
        s.insert(at, s.charAt(at));
      }
      case 1 -> {
        if (at == word.length() - 1) {
          at--;
        }
        if (at < 1 || s.charAt(at) == s.charAt(at + 1)) {
          s.insert(at, s.charAt(at));
        } else {
          char c = s.charAt(at);
          s.setCharAt(at, s.charAt(at + 1));
          s.setCharAt(at + 1, c);
        }
      }
      case 2 -> {
        if (word.length() > 4) {
          s.deleteCharAt(at);
        } else {
          s.insert(at, s.charAt(at));
        }
      }
      default -> s.insert(at, s.charAt(at));
    }
    return s.toString();
  }

  private static List<Filter> filters(Random random, Function<Random, String> make) {
    List<Filter> filters = new ArrayList<>(VARIANTS);
    for (int i = 0; i < VARIANTS; i++) {
      String text = make.apply(random);
      try {
        filters.add(Filter.create(text));
      } catch (LDAPException e) {
        throw new IllegalStateException("benchmark made an invalid filter " + text + ": " + e.getMessage(), e);
      }
    }
    return filters;
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** A surname or a given name, half the time each. */
  private static String name(Random random, Person person) {
    return random.nextBoolean() ? person.surname() : person.givenName();
  }

  /** The first {@code min}..{@code max} characters, lower-case, as typed; never more than the whole name. */
  private static String prefix(Random random, String name, int min, int max) {
    String lower = lower(name);
    int length = Math.min(lower.length(), min + random.nextInt(max - min + 1));
    return lower.substring(0, length);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** The typed text as an assertion value in a filter string (RFC 4515 escapes). */
  private static String value(String typed) {
    return Filter.encodeValue(typed);
  }
}
