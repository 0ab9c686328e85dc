package uk.nhs.peoplefinder.seed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ODS codes of one shape (R-ODS), handed out without repeats in a seeded, scattered order, so
 * that generated codes look like FA123 and FW844 rather than FA000, FA001.
 *
 * <p>A space is a list of patterns, used up one after the other: {@code L} a letter, {@code D} a
 * digit, {@code A} a letter or digit, {@code G} a GP region letter, anything else itself. Patterns
 * of one space must not overlap (they differ in a letter-or-digit position), and spaces that share
 * a shape (care and dental sites, both V + 4) must share one {@code OdsCodeSpace}: that is what
 * keeps codes unique across the directory.
 */
final class OdsCodeSpace {
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String ALNUM = DIGITS + LETTERS;
  // Letters that begin real GP practice codes; F, N, Q, R, T and V are left to the other shapes.
  private static final String GP_LETTERS = "ABCDEGHJKLMPY";

  /** One pattern, its codes numbered and handed out in scattered order. */
  private record Block(String pattern, long size, Scatter scatter) {
    String code(long index) {
      long scattered = scatter.apply(index);
      char[] out = new char[pattern.length()];
      for (int i = pattern.length() - 1; i >= 0; i--) {
        String alphabet = alphabet(pattern.charAt(i));
        if (alphabet == null) {
          out[i] = pattern.charAt(i);
        } else {
          out[i] = alphabet.charAt((int) (scattered % alphabet.length()));
          scattered /= alphabet.length();
        }
      }
      return new String(out);
    }
  }

  private final String description;
  private final List<Block> blocks = new ArrayList<>();
  private long issued;

  OdsCodeSpace(String description, long seed, String... patterns) {
    this.description = description;
    SplittableRandom random = new SplittableRandom(seed);
    for (String pattern : patterns) {
      long size = 1;
      for (char c : pattern.toCharArray()) {
        String alphabet = alphabet(c);
        size *= alphabet == null ? 1 : alphabet.length();
      }
      blocks.add(new Block(pattern, size, new Scatter(size, random)));
    }
  }

  long capacity() {
    return blocks.stream().mapToLong(Block::size).sum();
  }

  boolean hasNext() {
    return issued < capacity();
  }

  String next() {
    long index = issued;
    for (Block block : blocks) {
      if (index < block.size()) {
        issued++;
        return block.code(index);
      }
      index -= block.size();
    }
    throw new IllegalStateException(
        "ran out of " + description + " ODS codes after " + issued + "; generate fewer users");
  }

  private static String alphabet(char c) {
    return switch (c) {
      case 'L' -> LETTERS;
      case 'D' -> DIGITS;
      case 'A' -> ALNUM;
      case 'G' -> GP_LETTERS;
      default -> null;
    };
  }
}
