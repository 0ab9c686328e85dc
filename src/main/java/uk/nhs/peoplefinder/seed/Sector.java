package uk.nhs.peoplefinder.seed;

import java.util.SplittableRandom;
import uk.nhs.peoplefinder.directory.OrgType;

/**
 * The kinds of organisation the generator makes, with England's rough numbers: share of
 * organisations, accounts per organisation, job titles, and whether it has a shared mailbox.
 *
 * <p>Shares are per cent of organisations, drawn in shuffled blocks of 100 so that any run holds
 * them almost exactly. Care trusts are drawn inside the care share and trust sites inside the trust
 * share; ICBs are not drawn at all but placed first (one per 35,000 accounts, 42 at most, as in
 * England). Sizes are uniform between the bounds; with these numbers an organisation has about 24
 * accounts on average.
 */
enum Sector {
  CARE(OrgType.CARE, 45, 15, 45, 0.82, true, "Registered Manager",
      "Care Assistant 45, Senior Care Assistant 20, Registered Nurse 12, Team Leader 9, Deputy Manager 5,"
          + " Administrator 5, Activities Coordinator 4"),
  CARE_TRUST(OrgType.CARE, 0, 60, 200, 0.8, true, "Chief Executive",
      "Social Worker 25, Community Nurse 25, Occupational Therapist 10, Care Coordinator 15, Administrator 15,"
          + " Team Manager 10"),
  PHARMACY(OrgType.PHARMACY, 20, 3, 10, 0.6, true, "Pharmacist",
      "Pharmacist 25, Pharmacy Technician 20, Dispenser 30, Medicines Counter Assistant 15,"
          + " Accuracy Checking Technician 5, Pharmacy Manager 5"),
  DENTAL(OrgType.DENTAL, 18, 4, 15, 0.7, true, "Dentist",
      "Dentist 25, Dental Nurse 40, Dental Hygienist 8, Dental Therapist 4, Receptionist 15, Practice Manager 8"),
  GP(OrgType.GP, 10, 10, 45, 0.75, false, "Practice Manager",
      "GP 22, Practice Nurse 12, Receptionist 25, Healthcare Assistant 8, Clinical Pharmacist 4,"
          + " Advanced Nurse Practitioner 5, Medical Secretary 8, Phlebotomist 3, Administrator 11, Paramedic 2"),
  TRUST(OrgType.TRUST, 3, 80, 250, 0.75, false, "Chief Executive",
      "Administrator 25, Medical Secretary 10, Nurse 15, Consultant 8, Finance Officer 8, HR Adviser 8,"
          + " Information Governance Officer 4, IT Analyst 8, Director 4"),
  TRUST_SITE(OrgType.TRUST, 0, 50, 200, 0.77, false, "Site Manager",
      "Nurse 22, Healthcare Assistant 15, Consultant 10, Specialty Doctor 8, Ward Manager 5, Midwife 5,"
          + " Physiotherapist 4, Radiographer 4, Pharmacist 3, Occupational Therapist 3, Administrator 10,"
          + " Medical Secretary 6, Porter 3, Paramedic 2"),
  OTHER(OrgType.OTHER, 4, 5, 40, 0.65, false, "Service Manager",
      "Nurse 20, Clinical Lead 10, Administrator 20, Physiotherapist 10, Counsellor 10, Optometrist 10,"
          + " Support Worker 20"),
  ICB(OrgType.ICB, 0, 30, 80, 0.65, false, "Chief Executive",
      "Commissioning Manager 25, Medicines Optimisation Pharmacist 15, Programme Manager 20, Analyst 15,"
          + " Primary Care Lead 10, Administrator 15");

  final OrgType type;
  final int share;
  final int minSize;
  final int maxSize;
  final double femaleShare;
  final boolean hasMailbox;
  /** The title of an organisation's first account, who owns its shared mailbox. */
  final String leadTitle;
  private final Weighted<String> titles;

  Sector(OrgType type, int share, int minSize, int maxSize, double femaleShare, boolean hasMailbox,
      String leadTitle, String titles) {
    this.type = type;
    this.share = share;
    this.minSize = minSize;
    this.maxSize = maxSize;
    this.femaleShare = femaleShare;
    this.hasMailbox = hasMailbox;
    this.leadTitle = leadTitle;
    this.titles = Weighted.parse(titles, s -> s);
  }

  int size(SplittableRandom random) {
    return minSize + random.nextInt(maxSize - minSize + 1);
  }

  String title(SplittableRandom random) {
    return titles.pick(random);
  }
}
