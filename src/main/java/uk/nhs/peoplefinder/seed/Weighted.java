package uk.nhs.peoplefinder.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** A fixed list of values drawn at random in proportion to their weights (the generator's tables). */
final class Weighted<T> {
  private final List<T> values;
  private final long[] cumulative;

  private Weighted(List<T> values, long[] cumulative) {
    this.values = List.copyOf(values);
    this.cumulative = cumulative;
  }

  /**
   * Parses {@code "Smith 546, Jones 420, Dela Cruz 6"}: comma-separated entries, each a name and an
   * optional trailing weight. Entries without a weight get a Zipf-like weight by rank
   * ({@code 1000 / (rank + 8)}), for lists that are ordered most common first.
   */
  static <T> Weighted<T> parse(String table, Function<String, T> value) {
    List<T> values = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    for (String raw : table.split(",")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      int space = entry.lastIndexOf(' ');
      String last = space < 0 ? "" : entry.substring(space + 1);
      long weight;
      String name;
      if (!last.isEmpty() && last.chars().allMatch(Character::isDigit)) {
        weight = Long.parseLong(last);
        name = entry.substring(0, space).strip();
      } else {
        weight = 1000 / (values.size() + 8);
        name = entry;
      }
      values.add(value.apply(name));
      weights.add(weight);
    }
    return of(values, weights);
  }

  static <T> Weighted<T> of(List<T> values, List<Long> weights) {
    if (values.isEmpty() || values.size() != weights.size()) {
      throw new IllegalArgumentException("a weighted table needs one weight per value, and at least one value");
    }
    long[] cumulative = new long[weights.size()];
    long sum = 0;
    for (int i = 0; i < cumulative.length; i++) {
      if (weights.get(i) <= 0) {
        throw new IllegalArgumentException("weight of " + values.get(i) + " must be positive");
      }
      sum += weights.get(i);
      cumulative[i] = sum;
    }
    return new Weighted<>(values, cumulative);
  }

  T pick(SplittableRandom random) {
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    int i = Arrays.binarySearch(cumulative, r);
    // The first entry whose cumulative weight exceeds r.
    return values.get(i >= 0 ? i + 1 : -i - 1);
  }

  List<T> values() {
    return values;
  }

  long weight(int index) {
    return cumulative[index] - (index == 0 ? 0 : cumulative[index - 1]);
  }

  long totalWeight() {
    return cumulative[cumulative.length - 1];
  }
}
