package uk.nhs.peoplefinder.seed;

import java.util.SplittableRandom;

/**
 * Unique UK mobile numbers for generated accounts (R-MOBILE): a seeded bijection ({@link Scatter})
 * from an account's directory-wide number to {@code +447} and nine digits, so no two accounts ever
 * share one and no set of numbers has to be remembered.
 *
 * <p>NOTE: the numbers are in the ranges real networks use (07[45789]…), because Ofcom's drama
 * range (07700 900000–900999) holds only a thousand; that range itself is skipped, so a generated
 * directory never collides with the hand-written sample seed.
 */
final class MobileNumbers {
  private static final String FIRST_DIGITS = "45789";
  private static final long PER_FIRST_DIGIT = 100_000_000L;
  // +447 7 00900xxx: the drama range, left out of the bijection's image.
  private static final long DRAMA_START = 2 * PER_FIRST_DIGIT + 900_000L;
  private static final long DRAMA_SIZE = 1_000L;
  private static final long SPACE = FIRST_DIGITS.length() * PER_FIRST_DIGIT - DRAMA_SIZE;

  private final Scatter scatter;

  MobileNumbers(long seed) {
    this.scatter = new Scatter(SPACE, new SplittableRandom(seed));
  }

  /** The largest number of distinct mobiles. */
  static long capacity() {
    return SPACE;
  }

  /** The mobile of account {@code index} (0 ≤ index < {@link #capacity()}), as +447 and nine digits. */
  String of(long index) {
    long v = scatter.apply(index);
    if (v >= DRAMA_START) {
      v += DRAMA_SIZE;
    }
    char[] out = "+447000000000".toCharArray();
    out[4] = FIRST_DIGITS.charAt((int) (v / PER_FIRST_DIGIT));
    long rest = v % PER_FIRST_DIGIT;
    for (int i = out.length - 1; i >= 5; i--) {
      out[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
    return new String(out);
  }
}
