package uk.nhs.peoplefinder.ldap;

import java.util.List;

/**
 * The controls, extended operations and features the server really implements: the root DSE
 * advertises exactly these, and a critical control not listed here is refused.
 */
final class SupportedFeatures {
  static final String WHO_AM_I = "1.3.6.1.4.1.4203.1.11.3";

  /**
   * People Finder's own control, no value: on an add, the server names the entry as the rules do
   * (uid=john.smith2 when john.smith is taken) instead of refusing an RDN that differs. Combine it
   * with post-read to learn the name chosen.
   */
  static final String SERVER_CHOOSES_NAME = "2.25.13898788690874044231628000653816355596.3.1";

  static final String PRE_READ = "1.3.6.1.1.13.1"; // RFC 4527
  static final String POST_READ = "1.3.6.1.1.13.2"; // RFC 4527

  /** LDAP transactions (RFC 5805): start, the control that puts an update in one, and end. */
  static final String START_TRANSACTION = "1.3.6.1.1.21.1";
  static final String TRANSACTION_SPECIFICATION = "1.3.6.1.1.21.2";
  static final String END_TRANSACTION = "1.3.6.1.1.21.3";

  /** Address-book browsing (R-BROWSE): simple paged results (RFC 2696), sort (RFC 2891), VLV. */
  static final String PAGED_RESULTS = "1.2.840.113556.1.4.319";
  static final String SORT = "1.2.840.113556.1.4.473";
  static final String VIRTUAL_LIST_VIEW = "2.16.840.1.113730.3.4.9";

  /**
   * People Finder's explain control, no value: the search result says how the filter was served
   * (rewritten filter, index query, hits, entries dropped by access rules), in its diagnostic
   * message and in a response control of the same OID.
   */
  static final String EXPLAIN = "2.25.13898788690874044231628000653816355596.3.2";

  /**
   * Relax rules (draft-zeilenga-ldap-relax; OpenLDAP's OID, sent by {@code ldapmodify -e relax}):
   * lets a NAS administrator import a legacy-format mailbox (R-LEGACY). No other rule is relaxed.
   */
  static final String RELAX = "1.3.6.1.4.1.4203.666.5.12";

  /** StartTLS (RFC 4511 §4.14); advertised when the server has a TLS identity, which by default it always has. */
  static final String START_TLS = "1.3.6.1.4.1.1466.20037";

  /** Password Modify (RFC 3062), {@code ldappasswd}. */
  static final String PASSWORD_MODIFY = "1.3.6.1.4.1.4203.1.11.1";

  /** Password policy (draft-behera-ldap-password-policy-10), answered on binds. */
  static final String PASSWORD_POLICY = "1.3.6.1.4.1.42.2.27.8.5.1";

  static final List<String> SEARCH_CONTROLS = List.of(PAGED_RESULTS, SORT, VIRTUAL_LIST_VIEW, EXPLAIN);

  static final List<String> CONTROLS =
      List.of(
          PRE_READ,
          POST_READ,
          SERVER_CHOOSES_NAME,
          TRANSACTION_SPECIFICATION,
          RELAX,
          PASSWORD_POLICY,
          PAGED_RESULTS,
          SORT,
          VIRTUAL_LIST_VIEW,
          EXPLAIN);

  static final List<String> EXTENSIONS = List.of(WHO_AM_I, START_TRANSACTION, END_TRANSACTION, PASSWORD_MODIFY);

  static final List<String> FEATURES =
      List.of(
          "1.3.6.1.4.1.4203.1.5.1", // all operational attributes: "+" (RFC 3673)
          "1.3.6.1.4.1.4203.1.5.3" // absolute true and false filters: (&) and (|) (RFC 4526)
          );

  private SupportedFeatures() {}
}
