package uk.nhs.peoplefinder.seed;

import java.util.List;

/**
 * One organisation of a seed file, with its shared mailbox and its people (README "Seed data"
 * documents every field).
 *
 * @param odsCode the ODS code (R-ODS), any case
 * @param name the organisation's name ({@code ou})
 * @param type pharmacy, care, dental, gp, trust, icb or other ({@code nhsOrgType})
 * @param status active (default), closed, dormant or proposed; or the ODS letters A, C, D, P
 * @param town postcode town ({@code l})
 * @param postcode postal code
 * @param dspt DSPT status: standardsMet, approachingStandards or notMet (optional)
 * @param accountLimit linked-account limit of the shared mailbox (default 10, R-LIMIT)
 * @param limitApprovedBy the approving ICB's ODS code when the limit is above 10
 * @param sharedMailbox the organisation's shared mailbox, if it has one
 * @param people the personal and application accounts of the organisation
 */
public record SeedOrganisation(
    String odsCode,
    String name,
    String type,
    String status,
    String town,
    String postcode,
    String dspt,
    Integer accountLimit,
    String limitApprovedBy,
    SeedMailbox sharedMailbox,
    List<SeedPerson> people) {

  public SeedOrganisation {
    people = people == null ? List.of() : List.copyOf(people);
  }
}
