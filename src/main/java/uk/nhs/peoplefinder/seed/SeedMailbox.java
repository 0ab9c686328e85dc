package uk.nhs.peoplefinder.seed;

import java.util.List;

/**
 * An organisation's shared mailbox in a seed file; its address and display name are derived
 * (R-SHARED-NAME, R-LEGACY). Links to it are declared on the people ({@link SeedLink}).
 *
 * @param format current (default), legacyLong or legacySinglePassword (R-LEGACY)
 * @param hideFromAddressLists leave it out of other people's searches (R-MEMBERS)
 * @param aliases further addresses ({@code nhsMailAlias}), local part or full address
 * @param password the one shared password of a legacySinglePassword mailbox (else the file's
 *     default password)
 */
public record SeedMailbox(String format, Boolean hideFromAddressLists, List<String> aliases, String password) {

  public SeedMailbox {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
