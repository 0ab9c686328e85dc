package uk.nhs.peoplefinder.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The generator's source of unique numbers: a permutation, whatever the size and seed. */
class ScatterTest {

  @Test
  void apply_isAPermutationOfZeroToN() {
    for (long n : new long[] {1, 2, 3, 7, 100, 1296, 26_000, 65_537}) {
      for (long seed = 0; seed < 3; seed++) {
        Scatter scatter = new Scatter(n, new SplittableRandom(seed));
        boolean[] hit = new boolean[(int) n];
        for (long i = 0; i < n; i++) {
          long v = scatter.apply(i);
          assertEquals(false, hit[(int) v], "n " + n + " seed " + seed + ": " + v + " twice");
          hit[(int) v] = true;
        }
      }
    }
  }

  @Test
  void apply_doesNotRunInSteps() {
    Scatter scatter = new Scatter(1_000_000, new SplittableRandom(1));

    long step = scatter.apply(1) - scatter.apply(0);
    assertNotEquals(step, scatter.apply(2) - scatter.apply(1));
  }

  @Test
  void apply_outsideTheRange_throws() {
    Scatter scatter = new Scatter(10, new SplittableRandom(1));

    assertThrows(IndexOutOfBoundsException.class, () -> scatter.apply(10));
    assertThrows(IndexOutOfBoundsException.class, () -> scatter.apply(-1));
  }
}
