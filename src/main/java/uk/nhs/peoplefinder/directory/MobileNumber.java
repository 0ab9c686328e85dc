package uk.nhs.peoplefinder.directory;

/** A UK mobile number, normalised to {@code +447} and nine digits (R-MOBILE). */
public record MobileNumber(String value) {

  /**
   * Accepts 07…, +447…, 447… and 00447… with spaces, hyphens, dots or brackets between digits.
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public MobileNumber {
    String digits = value == null ? "" : value.replaceAll("[\\s\\-().]", "");
    String national;
    if (digits.matches("07[0-9]{9}")) {
      national = digits.substring(1);
    } else if (digits.matches("\\+447[0-9]{9}")) {
      national = digits.substring(3);
    } else if (digits.matches("447[0-9]{9}")) {
      national = digits.substring(2);
    } else if (digits.matches("00447[0-9]{9}")) {
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
