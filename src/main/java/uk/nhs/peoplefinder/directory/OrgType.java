package uk.nhs.peoplefinder.directory;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kinds of organisation ({@code nhsOrgType}), the sector container each lives in (SPEC §2),
 * and the shapes of ODS code each may have (R-ODS).
 */
public enum OrgType {
  PHARMACY("pharmacy", "Pharmacy", "F + 4 letters/digits (FA123)", "F[A-Z0-9]{4}"),
  GP("gp", "GP", "one letter + 5 digits (A81001)", "[A-Z][0-9]{5}"),
  TRUST("trust", "Trust", "R + 2 letters/digits (RX1), or a trust site R + 4 (RX1AB)", "R[A-Z0-9]{2}(?:[A-Z0-9]{2})?"),
  CARE(
      "care",
      "Care",
      "V + 4 letters/digits for a care site (V1A2B, or V12345), or T + 2 for a care trust",
      "V[A-Z0-9]{4}|V[0-9]{5}|T[A-Z0-9]{2}"),
  DENTAL("dental", "Dental", "V + 4 letters/digits (V1A2B, or V12345)", "V[A-Z0-9]{4}|V[0-9]{5}"),
  ICB("icb", "ICB", "Q + 2 letters/digits (QWE)", "Q[A-Z0-9]{2}"),
  OTHER("other", "Other", "N + 2 letters/digits (NQ1), or 8 + 4 (8A123)", "N[A-Z0-9]{2}|8[A-Z0-9]{4}");

  private final String value;
  private final String container;
  private final String shapeDescription;
  private final Pattern shape;

  OrgType(String value, String container, String shapeDescription, String shape) {
    this.value = value;
    this.container = container;
    this.shapeDescription = shapeDescription;
    this.shape = Pattern.compile(shape);
  }

  /** The {@code nhsOrgType} value. */
  public String value() {
    return value;
  }

  /** The DN of the sector container organisations of this type live in. */
  public String containerDn() {
    return "ou=" + container + "," + Attr.ORGANISATIONS_DN;
  }

  public String shapeDescription() {
    return shapeDescription;
  }

  boolean fits(String upperCaseCode) {
    return shape.matcher(upperCaseCode).matches();
  }

  /** The type named by an {@code nhsOrgType} value (case-insensitive), or null. */
  public static OrgType of(String value) {
    if (value == null) {
      return null;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    for (OrgType type : values()) {
      if (type.value.equals(lower)) {
        return type;
      }
    }
    return null;
  }

  /** The accepted values, for messages. */
  public static String accepted() {
    StringBuilder out = new StringBuilder();
    for (OrgType type : values()) {
      out.append(out.length() == 0 ? "" : ", ").append(type.value);
    }
    return out.toString();
  }
}
