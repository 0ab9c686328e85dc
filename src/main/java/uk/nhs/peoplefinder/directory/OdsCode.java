package uk.nhs.peoplefinder.directory;

import java.util.Locale;

/**
 * An NHS ODS code (R-ODS): 3–6 letters and digits, stored upper-case, in the shape of its
 * organisation's kind.
 */
public record OdsCode(String value) {

  /** Normalises (trims, upper-cases) and checks the general shape. */
  public OdsCode {
    if (value == null) {
      throw new IllegalArgumentException("R-ODS: an ODS code is required");
    }
    value = value.trim().toUpperCase(Locale.ROOT);
    if (!value.matches("[A-Z0-9]{3,6}")) {
      throw new IllegalArgumentException(
          "R-ODS: '" + value + "' is not an ODS code; an ODS code is 3 to 6 letters and digits, e.g. FA123");
    }
  }

  public static OdsCode of(String value) {
    return new OdsCode(value);
  }

  public boolean fits(OrgType type) {
    return type.fits(value);
  }

  /** Lower case, as it appears in addresses (pharmacy.fa123@nhs.net). */
  public String lower() {
    return value.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
