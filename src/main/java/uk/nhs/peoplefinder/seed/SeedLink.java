package uk.nhs.peoplefinder.seed;

/**
 * A link from an account to an organisation's shared mailbox ("send as"), by that
 * organisation's ODS code.
 *
 * @param owner whether the account also owns the mailbox (R-OWNER; owners are always members)
 */
public record SeedLink(String odsCode, Boolean owner) {}
