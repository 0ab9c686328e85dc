package uk.nhs.peoplefinder.directory;

/** A UK mobile number, normalised to {@code +447} and nine digits (R-MOBILE). */
public record MobileNumber(String value) {
  private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[\\s\\-().]");
  private static final java.util.regex.Pattern NATIONAL = java.util.regex.Pattern.compile("07[0-9]{9}");
  private static final java.util.regex.Pattern INTERNATIONAL = java.util.regex.Pattern.compile("\\+447[0-9]{9}");
  private static final java.util.regex.Pattern NO_PLUS = java.util.regex.Pattern.compile("447[0-9]{9}");
  private static final java.util.regex.Pattern DIALLED = java.util.regex.Pattern.compile("00447[0-9]{9}");

  /**
   * Accepts 07…, +447…, 447… and 00447… with spaces, hyphens, dots or brackets between digits.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public MobileNumber {
    String digits = value == null ? "" : SEPARATORS.matcher(value).replaceAll("");
    String national;
    if (NATIONAL.matcher(digits).matches()) {
      national = digits.substring(1);
    } else if (INTERNATIONAL.matcher(digits).matches()) {
      national = digits.substring(3);
    } else if (NO_PLUS.matcher(digits).matches()) {
      national = digits.substring(2);
    } else if (DIALLED.matcher(digits).matches()) {
      national = digits.substring(4);
    } else {
      throw new IllegalArgumentException(
          "'" + value + "' is not a UK mobile number; give 07 and 9 digits, or +447 and 9 digits");
    }
    value = "+44" + national;
  }

  public static MobileNumber of(String value) {
    return new MobileNumber(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
