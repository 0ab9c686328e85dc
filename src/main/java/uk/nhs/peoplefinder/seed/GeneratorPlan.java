package uk.nhs.peoplefinder.seed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The organisations of a generated directory, decided before any file is written: kind, ODS code,
 * town, status and number of accounts of each, and which pharmacy's staff also link to which other
 * pharmacy (R-MULTI). One small record per organisation and never the people, so memory grows with
 * organisations (about 60,000 for 1.5 million accounts) and files can be written independently.
 */
final class GeneratorPlan {

  /**
   * One planned organisation.
   *
   * @param firstAccount the directory-wide number of its first account (its mobiles follow from it)
   * @param parent for a trust site, the index of its trust; else -1
   * @param icb for an ICB, its index in {@link SyntheticPlaces#ICBS}; else -1
   */
  record Org(Sector sector, String odsCode, int town, int size, int firstAccount, boolean closed, int parent,
      int icb) {}

  private static final double CLOSED = 0.01;
  private static final double CARE_TRUST = 0.003;
  private static final double OTHER_N_CODE = 0.1;
  private static final int ACCOUNTS_PER_ICB = 35_000;
  private static final List<String> TRUST_SITE_SUFFIXES = trustSiteSuffixes();

  final int users;
  final List<Org> orgs;
  /** For each active pharmacy, the next active pharmacy (its staff's second mailbox); else -1. */
  final int[] secondPharmacy;
  /** Per region, the ICB that approves raised account limits there (null when none was planned). */
  final String[] approvingIcb;

  private GeneratorPlan(int users, List<Org> orgs) {
    this.users = users;
    this.orgs = List.copyOf(orgs);
    this.secondPharmacy = secondPharmacies(this.orgs);
    this.approvingIcb = approvingIcbs(this.orgs);
  }

  static GeneratorPlan make(long seed, int users) {
    SplittableRandom random = new SplittableRandom(seed);
    OdsCodeSpace pharmacy = new OdsCodeSpace("pharmacy", random.nextLong(), "FLDDD", "FLLDD", "FLDLD");
    // Care and dental sites share the V + 4 shape, so they share one space.
    OdsCodeSpace site =
        new OdsCodeSpace("care and dental", random.nextLong(), "VDLDL", "VLDLD", "VLLDD", "VDDLL", "VDLLD", "VLDDL");
    OdsCodeSpace careTrust = new OdsCodeSpace("care trust", random.nextLong(), "TAA");
    OdsCodeSpace gp = new OdsCodeSpace("GP practice", random.nextLong(), "GDDDDD");
    OdsCodeSpace trust = new OdsCodeSpace("NHS trust", random.nextLong(), "RAA");
    OdsCodeSpace otherN = new OdsCodeSpace("independent provider", random.nextLong(), "NAA");
    OdsCodeSpace other8 = new OdsCodeSpace("independent provider", random.nextLong(), "8LDDD", "8LLDD", "8DLDD");

    List<Org> orgs = new ArrayList<>();
    int remaining = users;
    int next = 0;

    List<Integer> icbOrder = shuffledIndexes(SyntheticPlaces.ICBS.size(), random);
    int icbs = Math.min(SyntheticPlaces.ICBS.size(), (users + ACCOUNTS_PER_ICB - 1) / ACCOUNTS_PER_ICB);
    for (int i = 0; i < icbs && remaining > 0; i++) {
      SyntheticPlaces.Icb icb = SyntheticPlaces.ICBS.get(icbOrder.get(i));
      int size = Math.min(Sector.ICB.size(random), remaining);
      orgs.add(new Org(Sector.ICB, icb.odsCode(), icb.town(), size, next, false,
          -1, icbOrder.get(i)));
      next += size;
      remaining -= size;
    }

    Sector[] block = new Sector[0];
    int inBlock = 0;
    int currentTrust = -1;
    int sitesLeft = 0;
    List<Integer> trusts = new ArrayList<>();
    Map<Integer, Integer> sitesOfTrust = new HashMap<>();
    int fullTrusts = 0;
    while (remaining > 0) {
      if (inBlock == block.length) {
        block = shuffledBlock(random);
        inBlock = 0;
      }
      Sector drawn = block[inBlock++];
      Sector sector = drawn;
      String code;
      int parent = -1;
      switch (drawn) {
        case CARE -> {
          if (random.nextDouble() < CARE_TRUST && careTrust.hasNext()) {
            sector = Sector.CARE_TRUST;
            code = careTrust.next();
          } else {
            code = site.next();
          }
        }
        case DENTAL -> code = site.next();
        case PHARMACY -> code = pharmacy.next();
        case GP -> code = gp.next();
        case OTHER -> code = random.nextDouble() < OTHER_N_CODE && otherN.hasNext() ? otherN.next() : other8.next();
        case TRUST -> {
          if (currentTrust < 0 || sitesLeft == 0) {
            if (trust.hasNext()) {
              code = trust.next();
              currentTrust = orgs.size();
              sitesLeft = 2 + random.nextInt(6);
              trusts.add(currentTrust);
              sitesOfTrust.put(currentTrust, 0);
              break;
            }
            // Every R + 2 code is taken: further sites go to the existing trusts in turn.
            currentTrust = trusts.get(fullTrusts++ % trusts.size());
            sitesLeft = 1;
          }
          sector = Sector.TRUST_SITE;
          parent = currentTrust;
          int number = sitesOfTrust.merge(parent, 1, Integer::sum);
          if (number > TRUST_SITE_SUFFIXES.size()) {
            throw new IllegalStateException("ran out of trust site ODS codes; generate fewer users");
          }
          code = orgs.get(parent).odsCode() + TRUST_SITE_SUFFIXES.get(number - 1);
          sitesLeft--;
        }
        default -> throw new IllegalStateException("not drawn: " + drawn);
      }
      int town;
      if (parent >= 0) {
        int trustTown = orgs.get(parent).town();
        town = random.nextBoolean()
            ? trustTown
            : SyntheticPlaces.townIn(SyntheticPlaces.town(trustTown).region(), random);
      } else {
        town = SyntheticPlaces.anyTown(random);
      }
      // NHS trusts, care trusts and ICBs stay open; a few of the smaller providers have closed.
      boolean mayClose = drawn != Sector.TRUST && sector != Sector.CARE_TRUST;
      boolean closed = mayClose && random.nextDouble() < CLOSED;
      int size = Math.min(sector.size(random), remaining);
      orgs.add(new Org(sector, code, town, size, next, closed, parent, -1));
      next += size;
      remaining -= size;
    }
    return new GeneratorPlan(users, orgs);
  }

  /** Organisations per sector, in {@link Sector} order. */
  Map<Sector, Integer> organisationsBySector() {
    Map<Sector, Integer> counts = new EnumMap<>(Sector.class);
    for (Org org : orgs) {
      counts.merge(org.sector(), 1, Integer::sum);
    }
    return counts;
  }

  /** Accounts (personal and application) per sector, in {@link Sector} order. */
  Map<Sector, Integer> accountsBySector() {
    Map<Sector, Integer> counts = new EnumMap<>(Sector.class);
    for (Org org : orgs) {
      counts.merge(org.sector(), org.size(), Integer::sum);
    }
    return counts;
  }

  /** 100 draws: each sector as often as its share, in random order. */
  private static Sector[] shuffledBlock(SplittableRandom random) {
    List<Sector> block = new ArrayList<>(100);
    for (Sector sector : Sector.values()) {
      for (int i = 0; i < sector.share; i++) {
        block.add(sector);
      }
    }
    Sector[] out = block.toArray(new Sector[0]);
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Sector t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private static List<Integer> shuffledIndexes(int n, SplittableRandom random) {
    Integer[] out = new Integer[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return Arrays.asList(out);
  }

  /** 01 … 99, then the two-character suffixes with a letter (0A … ZZ): 1,295 sites per trust. */
  private static List<String> trustSiteSuffixes() {
    String alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    List<String> suffixes = new ArrayList<>();
    for (int n = 1; n <= 99; n++) {
      suffixes.add(n < 10 ? "0" + n : Integer.toString(n));
    }
    for (char a : alnum.toCharArray()) {
      for (char b : alnum.toCharArray()) {
        if (Character.isLetter(a) || Character.isLetter(b)) {
          suffixes.add("" + a + b);
        }
      }
    }
    return List.copyOf(suffixes);
  }

  /**
   * Each active pharmacy's staff may also link to the next active pharmacy's mailbox (wrapping
   * round), so every mailbox receives such links from exactly one other pharmacy and its link
   * count stays within the limit without looking further.
   */
  private static int[] secondPharmacies(List<Org> orgs) {
    int[] second = new int[orgs.size()];
    Arrays.fill(second, -1);
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < orgs.size(); i++) {
      if (orgs.get(i).sector() == Sector.PHARMACY && !orgs.get(i).closed()) {
        active.add(i);
      }
    }
    if (active.size() < 2) {
      return second;
    }
    for (int k = 0; k < active.size(); k++) {
      second[active.get(k)] = active.get((k + 1) % active.size());
    }
    return second;
  }

  private static String[] approvingIcbs(List<Org> orgs) {
    String[] byRegion = new String[SyntheticPlaces.REGIONS.size()];
    String any = null;
    for (Org org : orgs) {
      if (org.sector() == Sector.ICB) {
        int region = SyntheticPlaces.ICBS.get(org.icb()).region();
        if (byRegion[region] == null) {
          byRegion[region] = org.odsCode();
        }
        if (any == null) {
          any = org.odsCode();
        }
      }
    }
    for (int r = 0; r < byRegion.length; r++) {
      if (byRegion[r] == null) {
        byRegion[r] = any;
      }
    }
    return byRegion;
  }
}
