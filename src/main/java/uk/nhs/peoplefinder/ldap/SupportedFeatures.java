package uk.nhs.peoplefinder.ldap;

import java.util.List;

/**
 * The controls, extended operations and features the server really implements: the root DSE
 * advertises exactly these, and a critical control not listed here is refused.
 */
final class SupportedFeatures {
  static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";

  /** None yet: paged results, sort, VLV, transactions and pre/post-read come with later issues. */
  static final List<String> CONTROLS = List.of();

  static final List<String> EXTENSIONS = List.of(WHO_AM_I);

  static final List<String> FEATURES =
      List.of(
          "1.3.6.1.4.1.4203.1.5.1", // all operational attributes: "+" (RFC 3673)
          "1.3.6.1.4.1.4203.1.5.3" // absolute true and false filters: (&) and (|) (RFC 4526)
          );

  private SupportedFeatures() {}
}
