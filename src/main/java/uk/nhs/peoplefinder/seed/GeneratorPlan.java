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
      int icb, Mailbox mailbox, int legacyName) {

    /** Whether accounts may link to its mailbox (a legacySinglePassword one takes no links). */
    boolean linkable() {
      return mailbox == Mailbox.CURRENT || mailbox == Mailbox.LEGACY_LONG;
    }
  }

  /** An organisation's shared mailbox, if any, by its {@code format} (R-SHARED-NAME, R-LEGACY). */
  enum Mailbox {
    NONE(null),
    CURRENT("current"),
    LEGACY_LONG("legacyLong"),
    LEGACY_SINGLE_PASSWORD("legacySinglePassword");

    final String format;

    Mailbox(String format) {
      this.format = format;
    }
  }

  private static final double CLOSED = 0.01;
  private static final double LEGACY_LONG = 0.01;
  private static final double LEGACY_SINGLE_PASSWORD = 0.005;
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
    Planner planner = new Planner(new SplittableRandom(seed), users);
    planner.addIcbs();
    while (planner.remaining > 0) {
      planner.addDrawn();
    }
    return new GeneratorPlan(users, planner.orgs);
  }

  /** The state of one planning run: random stream, code spaces, the trust being filled. */
  private static final class Planner {
    private final SplittableRandom random;
    private final OdsCodeSpace pharmacy;
    private final OdsCodeSpace site;
    private final OdsCodeSpace careTrust;
    private final OdsCodeSpace gp;
    private final OdsCodeSpace trust;
    private final OdsCodeSpace otherN;
    private final OdsCodeSpace other8;
    private final Scatter legacyNames;
    private final List<Org> orgs = new ArrayList<>();
    private final List<Integer> trusts = new ArrayList<>();
    private final Map<Integer, Integer> sitesOfTrust = new HashMap<>();
    private int remaining;
    private int nextAccount;
    private Sector[] block = new Sector[0];
    private int inBlock;
    private int currentTrust = -1;
    private int sitesLeft;
    private int fullTrusts;
    private int legacySingles;

    Planner(SplittableRandom random, int users) {
      this.random = random;
      this.remaining = users;
      pharmacy = new OdsCodeSpace("pharmacy", random.nextLong(), "FLDDD", "FLLDD", "FLDLD");
      // Care and dental sites share the V + 4 shape, so they share one space.
      site = new OdsCodeSpace("care and dental", random.nextLong(), "VDLDL", "VLDLD", "VLLDD", "VDDLL", "VDLLD",
          "VLDDL");
      careTrust = new OdsCodeSpace("care trust", random.nextLong(), "TAA");
      gp = new OdsCodeSpace("GP practice", random.nextLong(), "GDDDDD");
      trust = new OdsCodeSpace("NHS trust", random.nextLong(), "RAA");
      otherN = new OdsCodeSpace("independent provider", random.nextLong(), "NAA");
      other8 = new OdsCodeSpace("independent provider", random.nextLong(), "8LDDD", "8LLDD", "8DLDD");
      legacyNames = new Scatter(SyntheticPlaces.legacySinglePasswordNames(), random);
    }

    /** The ICBs come first, so that every raised limit names an ICB loaded before it. */
    void addIcbs() {
      List<Integer> order = shuffledIndexes(SyntheticPlaces.ICBS.size(), random);
      int icbs = Math.min(SyntheticPlaces.ICBS.size(), (remaining + ACCOUNTS_PER_ICB - 1) / ACCOUNTS_PER_ICB);
      for (int i = 0; i < icbs && remaining > 0; i++) {
        SyntheticPlaces.Icb icb = SyntheticPlaces.ICBS.get(order.get(i));
        add(new Org(Sector.ICB, icb.odsCode(), icb.town(), size(Sector.ICB), nextAccount, false, -1, order.get(i),
            Mailbox.NONE, -1));
      }
    }

    void addDrawn() {
      if (inBlock == block.length) {
        block = shuffledBlock(random);
        inBlock = 0;
      }
      Sector drawn = block[inBlock++];
      switch (drawn) {
        case CARE -> {
          if (random.nextDouble() < CARE_TRUST && careTrust.hasNext()) {
            addOrganisation(Sector.CARE_TRUST, careTrust.next(), -1);
          } else {
            addOrganisation(Sector.CARE, site.next(), -1);
          }
        }
        case DENTAL -> addOrganisation(Sector.DENTAL, site.next(), -1);
        case PHARMACY -> addOrganisation(Sector.PHARMACY, pharmacy.next(), -1);
        case GP -> addOrganisation(Sector.GP, gp.next(), -1);
        case OTHER -> addOrganisation(
            Sector.OTHER, random.nextDouble() < OTHER_N_CODE && otherN.hasNext() ? otherN.next() : other8.next(), -1);
        case TRUST -> addTrustOrSite();
        default -> throw new IllegalStateException("not drawn: " + drawn);
      }
    }

    /** A new trust, then 2–7 sites of it (RX1, RX101, RX102 …), then the next trust. */
    private void addTrustOrSite() {
      if (currentTrust < 0 || sitesLeft == 0) {
        if (trust.hasNext()) {
          currentTrust = orgs.size();
          sitesLeft = 2 + random.nextInt(6);
          trusts.add(currentTrust);
          addOrganisation(Sector.TRUST, trust.next(), -1);
          return;
        }
        // Every R + 2 code is taken: further sites go to the existing trusts in turn.
        currentTrust = trusts.get(fullTrusts++ % trusts.size());
        sitesLeft = 1;
      }
      int number = sitesOfTrust.merge(currentTrust, 1, Integer::sum);
      if (number > TRUST_SITE_SUFFIXES.size()) {
        throw new IllegalStateException("ran out of trust site ODS codes; generate fewer users");
      }
      sitesLeft--;
      addOrganisation(
          Sector.TRUST_SITE, orgs.get(currentTrust).odsCode() + TRUST_SITE_SUFFIXES.get(number - 1), currentTrust);
    }

    private void addOrganisation(Sector sector, String code, int parent) {
      int town;
      if (parent >= 0) {
        // Trust sites stay near their trust: its town or another in its region.
        int trustTown = orgs.get(parent).town();
        town = random.nextBoolean()
            ? trustTown
            : SyntheticPlaces.townIn(SyntheticPlaces.town(trustTown).region(), random);
      } else {
        town = SyntheticPlaces.anyTown(random);
      }
      // NHS trusts and care trusts stay open; a few of the smaller providers have closed.
      boolean mayClose = sector != Sector.TRUST && sector != Sector.TRUST_SITE && sector != Sector.CARE_TRUST;
      boolean closed = mayClose && random.nextDouble() < CLOSED;
      int size = size(sector);
      // NOTE: a closed organisation keeps its people but has no shared mailbox (R-OPEN-ORG).
      Mailbox mailbox = !sector.hasMailbox || closed ? Mailbox.NONE : Mailbox.CURRENT;
      int legacyName = -1;
      if (sector == Sector.PHARMACY && !closed) {
        double r = random.nextDouble();
        if (r < LEGACY_LONG) {
          mailbox = Mailbox.LEGACY_LONG;
        } else if (r < LEGACY_LONG + LEGACY_SINGLE_PASSWORD
            && legacySingles < SyntheticPlaces.legacySinglePasswordNames()) {
          // Its address is its name alone (moorsidechemist@nhs.net), so each gets a name of its own.
          mailbox = Mailbox.LEGACY_SINGLE_PASSWORD;
          legacyName = (int) legacyNames.apply(legacySingles++);
        }
      }
      add(new Org(sector, code, town, size, nextAccount, closed, parent, -1, mailbox, legacyName));
    }

    /** The sector's size, cut short for the last organisation so the total is exactly the users. */
    private int size(Sector sector) {
      return Math.min(sector.size(random), remaining);
    }

    private void add(Org org) {
      orgs.add(org);
      nextAccount += org.size();
      remaining -= org.size();
    }
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
   * The staff of each pharmacy with a linkable mailbox may also link to the next such pharmacy's
   * mailbox (wrapping round), so every mailbox receives such links from exactly one other pharmacy
   * and its link count stays within the limit without looking further.
   */
  private static int[] secondPharmacies(List<Org> orgs) {
    int[] second = new int[orgs.size()];
    Arrays.fill(second, -1);
    List<Integer> active = new ArrayList<>();
    for (int i = 0; i < orgs.size(); i++) {
      if (orgs.get(i).sector() == Sector.PHARMACY && orgs.get(i).linkable()) {
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
