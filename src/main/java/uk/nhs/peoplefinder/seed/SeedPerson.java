package uk.nhs.peoplefinder.seed;

import java.util.List;

/**
 * A personal or application account in a seed file; its address, {@code cn}, display name and
 * proxy addresses are derived (R-PERSON-NAME, R-APP-NAME).
 *
 * @param kind person (default) or application
 * @param givenName first name(s); the first is used for the address (persons)
 * @param surname family name (persons)
 * @param purpose what an application account is for, one word (e.g. reminders)
 * @param title job title
 * @param mobile UK mobile, 07… or +447… (required for persons, R-MOBILE)
 * @param telephone landline ({@code telephoneNumber})
 * @param altEmail alternative e-mail address (required for persons, R-MOBILE)
 * @param status pending, active (default), locked, leaver or inactive
 * @param hideMobile hide the mobile from everyone but the person and administrators (R-HIDE)
 * @param mfa none, authenticator, sms or call
 * @param role localAdmin to administer the organisation
 * @param password a password (stored hashed); active accounts without one get the file's
 *     default password
 * @param leaverSince when a leaver was marked (ISO date, e.g. 2026-11-01)
 * @param links shared mailboxes this account is linked to (R-MULTI: any number)
 */
public record SeedPerson(
    String kind,
    String givenName,
    String surname,
    String purpose,
    String title,
    String mobile,
    String telephone,
    String altEmail,
    String status,
    Boolean hideMobile,
    String mfa,
    String role,
    String password,
    String leaverSince,
    List<SeedLink> links) {

  public SeedPerson {
    links = links == null ? List.of() : List.copyOf(links);
  }
}
