package uk.nhs.peoplefinder.seed;

import java.util.SplittableRandom;

/**
 * A seeded permutation of {@code 0 … n−1} that looks random, so that numbered things (the n-th
 * mobile, the n-th ODS code) are unique by construction yet do not run in visible steps.
 *
 * <p>It mixes on the next power of two with steps that can each be undone (adding a key, multiplying
 * by an odd number, xor-shifting right), and walks the cycle until the value falls below n
 * ("cycle walking"), which keeps it a bijection on {@code 0 … n−1}; fewer than two rounds on average.
 */
final class Scatter {
  private final long n;
  private final long mask;
  private final int shift1;
  private final int shift2;
  private final long key1;
  private final long key2;
  private final long multiplier1;
  private final long multiplier2;

  Scatter(long n, SplittableRandom random) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be positive, not " + n);
    }
    int bits = Math.max(1, 64 - Long.numberOfLeadingZeros(n - 1));
    this.n = n;
    this.mask = bits == 64 ? -1L : (1L << bits) - 1;
    this.shift1 = Math.max(1, bits / 2);
    this.shift2 = Math.max(1, bits / 3);
    this.key1 = random.nextLong() & mask;
    this.key2 = random.nextLong() & mask;
    this.multiplier1 = (random.nextLong() & mask) | 1L;
    this.multiplier2 = (random.nextLong() & mask) | 1L;
  }

  long apply(long index) {
    if (index < 0 || index >= n) {
      throw new IndexOutOfBoundsException(index + " is outside 0.." + (n - 1));
    }
    long x = index;
    do {
      x = round(x);
    } while (x >= n);
    return x;
  }

  private long round(long x) {
    x = (x + key1) & mask;
    x = (x * multiplier1) & mask;
    x ^= x >>> shift1;
    x = (x * multiplier2) & mask;
    x ^= x >>> shift2;
    return (x + key2) & mask;
  }
}
