package uk.nhs.peoplefinder.seed;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import uk.nhs.peoplefinder.directory.Addresses;

/**
 * English post towns with their postcode areas and NHS regions, plausible postcodes, and the
 * names organisations are given ("Leeds Pharmacy", "Meadowbank Care Home").
 */
final class SyntheticPlaces {

  /** The seven NHS England regions, so that trust sites and ICB approvals stay near home. */
  static final List<String> REGIONS =
      List.of("North East and Yorkshire", "North West", "Midlands", "East of England", "London", "South East",
          "South West");

  /**
   * A post town and a range of its postcode districts (LS1–LS29).
   *
   * @param weight rough relative size, so that cities get more organisations
   */
  record Town(String name, String area, int firstDistrict, int lastDistrict, int region, int weight) {}

  // name | postcode area | districts | region (index into REGIONS) | weight
  private static final String TOWN_TABLE =
      """
      Newcastle upon Tyne|NE|1|15|0|30
      Sunderland|SR|1|6|0|17
      Durham|DH|1|7|0|9
      Middlesbrough|TS|1|9|0|14
      Darlington|DL|1|3|0|9
      Hartlepool|TS|24|27|0|9
      Leeds|LS|1|29|0|50
      Bradford|BD|1|15|0|35
      Sheffield|S|1|14|0|40
      Doncaster|DN|1|12|0|20
      Rotherham|S|60|66|0|15
      Barnsley|S|70|75|0|15
      Hull|HU|1|10|0|18
      York|YO|1|32|0|14
      Harrogate|HG|1|3|0|8
      Wakefield|WF|1|4|0|16
      Huddersfield|HD|1|9|0|15
      Halifax|HX|1|7|0|10
      Scarborough|YO|11|12|0|6
      Grimsby|DN|31|34|0|9
      Manchester|M|1|90|1|55
      Liverpool|L|1|36|1|45
      Preston|PR|1|5|1|14
      Blackpool|FY|1|4|1|13
      Bolton|BL|1|7|1|18
      Wigan|WN|1|6|1|17
      Warrington|WA|1|5|1|15
      Chester|CH|1|4|1|9
      Stockport|SK|1|8|1|18
      Oldham|OL|1|9|1|15
      Lancaster|LA|1|2|1|7
      Carlisle|CA|1|6|1|8
      Blackburn|BB|1|2|1|13
      Birkenhead|CH|41|43|1|10
      Crewe|CW|1|2|1|7
      Southport|PR|8|9|1|8
      Birmingham|B|1|48|2|70
      Coventry|CV|1|6|2|24
      Wolverhampton|WV|1|14|2|18
      Leicester|LE|1|5|2|25
      Nottingham|NG|1|11|2|25
      Derby|DE|1|24|2|18
      Stoke-on-Trent|ST|1|12|2|18
      Northampton|NN|1|7|2|16
      Lincoln|LN|1|6|2|10
      Shrewsbury|SY|1|5|2|8
      Telford|TF|1|7|2|11
      Worcester|WR|1|5|2|10
      Hereford|HR|1|4|2|6
      Walsall|WS|1|9|2|17
      Dudley|DY|1|3|2|16
      Mansfield|NG|18|21|2|8
      Chesterfield|S|40|45|2|8
      Loughborough|LE|11|12|2|6
      Ashby-de-la-Zouch|LE|65|65|2|2
      Burton-on-Trent|DE|13|15|2|6
      Kettering|NN|14|16|2|6
      Solihull|B|90|94|2|12
      Norwich|NR|1|14|3|18
      Cambridge|CB|1|5|3|14
      Peterborough|PE|1|7|3|14
      Ipswich|IP|1|9|3|13
      Colchester|CO|1|7|3|12
      Chelmsford|CM|1|3|3|11
      Southend-on-Sea|SS|0|3|3|12
      Luton|LU|1|4|3|15
      Bedford|MK|40|45|3|11
      Watford|WD|17|25|3|12
      St. Albans|AL|1|4|3|9
      Stevenage|SG|1|2|3|6
      King's Lynn|PE|30|34|3|5
      Great Yarmouth|NR|29|31|3|5
      Bury St. Edmunds|IP|28|33|3|5
      Lowestoft|NR|32|33|3|5
      Basildon|SS|13|16|3|9
      Harlow|CM|17|20|3|6
      Saffron Walden|CB|10|11|3|2
      London|E|1|18|4|40
      London|N|1|22|4|40
      London|SE|1|28|4|45
      London|SW|2|20|4|40
      London|NW|2|11|4|25
      London|W|2|14|4|30
      Croydon|CR|0|9|4|22
      Bromley|BR|1|7|4|14
      Romford|RM|1|14|4|16
      Ilford|IG|1|11|4|14
      Harrow|HA|1|9|4|14
      Enfield|EN|1|3|4|12
      Kingston upon Thames|KT|1|2|4|7
      Twickenham|TW|1|2|4|6
      Sutton|SM|1|3|4|8
      Uxbridge|UB|8|10|4|8
      Barnet|EN|4|5|4|7
      Wembley|HA|0|9|4|10
      Brighton|BN|1|2|5|16
      Southampton|SO|14|19|5|17
      Portsmouth|PO|1|6|5|15
      Reading|RG|1|6|5|15
      Oxford|OX|1|4|5|11
      Milton Keynes|MK|1|19|5|16
      Slough|SL|1|3|5|10
      Maidstone|ME|14|17|5|10
      Canterbury|CT|1|4|5|8
      Guildford|GU|1|5|5|8
      Crawley|RH|10|11|5|8
      Basingstoke|RG|21|24|5|8
      Eastbourne|BN|20|23|5|7
      Hastings|TN|34|35|5|6
      Tunbridge Wells|TN|1|4|5|6
      Worthing|BN|11|14|5|7
      High Wycombe|HP|10|15|5|8
      Aylesbury|HP|17|22|5|7
      Chatham|ME|4|5|5|7
      Ashford|TN|23|27|5|6
      Winchester|SO|21|23|5|5
      Newport|PO|30|30|5|4
      Bognor Regis|PO|21|22|5|4
      Margate|CT|9|9|5|4
      Bristol|BS|1|16|6|35
      Plymouth|PL|1|9|6|18
      Exeter|EX|1|6|6|10
      Bath|BA|1|2|6|7
      Gloucester|GL|1|4|6|10
      Cheltenham|GL|50|54|6|9
      Swindon|SN|1|5|6|14
      Bournemouth|BH|1|11|6|14
      Poole|BH|12|17|6|11
      Taunton|TA|1|3|6|6
      Torquay|TQ|1|2|6|6
      Truro|TR|1|4|6|5
      Salisbury|SP|1|2|6|5
      Weston-super-Mare|BS|22|24|6|6
      Yeovil|BA|20|22|6|5
      Barnstaple|EX|31|32|6|4
      Dorchester|DT|1|2|6|3
      Penzance|TR|18|20|6|3
      """;

  /** An integrated care board: the 42 of England, with their ODS codes, regions and a home town. */
  record Icb(String odsCode, String name, int region, int town) {}

  // code | area (the ICB is "NHS <area> Integrated Care Board") | region | town (London by area)
  private static final String ICB_TABLE =
      """
      QHM|North East and North Cumbria|0|Newcastle upon Tyne
      QOQ|Humber and North Yorkshire|0|Hull
      QWO|West Yorkshire|0|Wakefield
      QF7|South Yorkshire|0|Sheffield
      QE1|Lancashire and South Cumbria|1|Preston
      QOP|Greater Manchester|1|Manchester
      QYG|Cheshire and Merseyside|1|Warrington
      QHL|Birmingham and Solihull|2|Birmingham
      QUA|Black Country|2|Wolverhampton
      QWU|Coventry and Warwickshire|2|Coventry
      QJ2|Derby and Derbyshire|2|Derby
      QGH|Herefordshire and Worcestershire|2|Worcester
      QK1|Leicester, Leicestershire and Rutland|2|Leicester
      QJM|Lincolnshire|2|Lincoln
      QPM|Northamptonshire|2|Northampton
      QT1|Nottingham and Nottinghamshire|2|Nottingham
      QOC|Shropshire, Telford and Wrekin|2|Shrewsbury
      QNC|Staffordshire and Stoke-on-Trent|2|Stoke-on-Trent
      QHG|Bedfordshire, Luton and Milton Keynes|3|Bedford
      QUE|Cambridgeshire and Peterborough|3|Cambridge
      QM7|Hertfordshire and West Essex|3|Harlow
      QH8|Mid and South Essex|3|Basildon
      QMM|Norfolk and Waveney|3|Norwich
      QJG|Suffolk and North East Essex|3|Ipswich
      QMJ|North Central London|4|London N
      QMF|North East London|4|London E
      QRV|North West London|4|London NW
      QKK|South East London|4|London SE
      QWE|South West London|4|London SW
      QU9|Buckinghamshire, Oxfordshire and Berkshire West|5|Oxford
      QNQ|Frimley|5|Guildford
      QRL|Hampshire and Isle of Wight|5|Southampton
      QKS|Kent and Medway|5|Chatham
      QXU|Surrey Heartlands|5|Guildford
      QNX|Sussex|5|Brighton
      QOX|Bath and North East Somerset, Swindon and Wiltshire|6|Swindon
      QUY|Bristol, North Somerset and South Gloucestershire|6|Bristol
      QT6|Cornwall and the Isles of Scilly|6|Truro
      QJK|Devon|6|Exeter
      QVV|Dorset|6|Dorchester
      QR1|Gloucestershire|6|Gloucester
      QSL|Somerset|6|Taunton
      """;

  private static final List<Town> TOWNS = parseTowns();
  private static final Weighted<Integer> TOWN_INDEX = weightedTowns();
  private static final List<List<Integer>> TOWNS_BY_REGION = townsByRegion();
  static final List<Icb> ICBS = parseIcbs();

  // The letters Royal Mail uses in the inward code (no C, I, K, M, O, V).
  private static final String INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

  private static final String PLACES =
      """
      Meadowbank, Oakwood, Riverside, Parkside, Willow, Beechwood, Elm Tree, Rosewood, Hillside,
      Brookfield, Ashfield, Highfield, Lakeside, Fairview, Greenacres, Holly Lodge, Kingsway,
      Millbrook, Orchard, Primrose, Sunnyside, Westfield, Woodlands, Larkfield, Cedar, Maple,
      Birchwood, Heathfield, Southlands, Northgate, Springfield, Thornbury, Windmill, Abbey, Priory,
      Castle, Church View, Hawthorn, Lavender, Bluebell, Foxglove, Heather, Ivy, Juniper, Laurel,
      Magnolia, Rowan, Sycamore, Chestnut, Poplar, Oakfield, Parkway, Moorland, Valley, Bridgeview
      """;
  private static final String STREETS =
      """
      High Street, Market Street, Station Road, Church Road, London Road, Victoria Road,
      King Street, Queen Street, Park Road, Mill Lane, Bridge Street, Manor Road, North Road,
      West Street, Albert Road, Green Lane, Castle Street, The Parade, Broadway, Chapel Street
      """;
  private static final String SAINTS =
      """
      Mary, John, Luke, Michael, Peter, George, Anne, Catherine, Helen, Margaret, Joseph, Thomas,
      Andrew, Barnabas, Richard, Christopher, Oswald, Cuthbert, Wilfrid, Hilda
      """;
  private static final String PHARMACY_CHAINS =
      """
      Boots 40, Avicenna Pharmacy 5, Well Pharmacy 12, Rowlands Pharmacy 10, Day Lewis Pharmacy 6,
      Superdrug Pharmacy 5, Asda Pharmacy 6, Tesco Pharmacy 7, Jhoots Pharmacy 3, Cohens Chemist 3
      """;

  private static final Weighted<String> PLACE = Weighted.parse(PLACES, s -> s);
  private static final Weighted<String> STREET = Weighted.parse(STREETS, s -> s);
  private static final Weighted<String> SAINT = Weighted.parse(SAINTS, s -> s);
  private static final Weighted<String> CHAIN = Weighted.parse(PHARMACY_CHAINS, s -> s);

  private static final List<String> LEGACY_SINGLE_PASSWORD_NAMES = legacyNames();

  private SyntheticPlaces() {}

  /** How many pharmacies may have a legacySinglePassword account (each needs a name of its own). */
  static int legacySinglePasswordNames() {
    return LEGACY_SINGLE_PASSWORD_NAMES.size();
  }

  /**
   * The n-th name for a pharmacy with a legacySinglePassword account, whose address is the name
   * compacted (R-LEGACY: moorsidechemist@nhs.net): no two compact alike.
   */
  static String legacySinglePasswordName(int n) {
    return LEGACY_SINGLE_PASSWORD_NAMES.get(n);
  }

  static Town town(int index) {
    return TOWNS.get(index);
  }

  static int townCount() {
    return TOWNS.size();
  }

  /** A town, the bigger ones more often. */
  static int anyTown(SplittableRandom random) {
    return TOWN_INDEX.pick(random);
  }

  /** A town in the given region (trust sites near their trust). */
  static int townIn(int region, SplittableRandom random) {
    List<Integer> towns = TOWNS_BY_REGION.get(region);
    return towns.get(random.nextInt(towns.size()));
  }

  /** A postcode in the town: district, space, digit and two letters (LS14 6QT). */
  static String postcode(Town town, SplittableRandom random) {
    int district = town.firstDistrict() + random.nextInt(town.lastDistrict() - town.firstDistrict() + 1);
    return town.area()
        + district
        + ' '
        + random.nextInt(10)
        + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()))
        + INWARD_LETTERS.charAt(random.nextInt(INWARD_LETTERS.length()));
  }

  static String pharmacyName(Town town, SplittableRandom random) {
    int form = random.nextInt(100);
    if (form < 22) {
      return CHAIN.pick(random);
    }
    if (form < 40) {
      return town.name() + " Pharmacy";
    }
    if (form < 55) {
      return SyntheticNames.surname(random) + "'s Chemist";
    }
    if (form < 70) {
      return SyntheticNames.surname(random) + " Pharmacy";
    }
    if (form < 85) {
      return STREET.pick(random) + " Pharmacy";
    }
    return PLACE.pick(random) + " Pharmacy";
  }

  static String careName(Town town, SplittableRandom random) {
    int form = random.nextInt(100);
    if (form < 30) {
      return PLACE.pick(random) + " Care Home";
    }
    if (form < 45) {
      return PLACE.pick(random) + " House";
    }
    if (form < 55) {
      return PLACE.pick(random) + " Lodge";
    }
    if (form < 65) {
      return PLACE.pick(random) + " Nursing Home";
    }
    if (form < 72) {
      return PLACE.pick(random) + " Court";
    }
    if (form < 82) {
      return town.name() + " Home Care";
    }
    if (form < 90) {
      return SyntheticNames.surname(random) + " Homecare Services";
    }
    if (form < 95) {
      return saint(random) + " Residential Home";
    }
    return town.name() + " Supported Living";
  }

  static String careTrustName(Town town) {
    return town.name() + " Health and Care Trust";
  }

  static String dentalName(Town town, SplittableRandom random) {
    int form = random.nextInt(100);
    if (form < 30) {
      return town.name() + " Dental Practice";
    }
    if (form < 50) {
      return STREET.pick(random) + " Dental Practice";
    }
    if (form < 65) {
      return SyntheticNames.surname(random) + " Dental Care";
    }
    if (form < 80) {
      return PLACE.pick(random) + " Dental Surgery";
    }
    if (form < 90) {
      return "mydentist " + STREET.pick(random) + ", " + town.name();
    }
    return "Bupa Dental Care " + town.name();
  }

  static String gpName(Town town, SplittableRandom random) {
    int form = random.nextInt(100);
    if (form < 25) {
      return town.name() + " Medical Centre";
    }
    if (form < 45) {
      return PLACE.pick(random) + " Surgery";
    }
    if (form < 60) {
      return STREET.pick(random) + " Surgery";
    }
    if (form < 72) {
      return PLACE.pick(random) + " Health Centre";
    }
    if (form < 84) {
      return PLACE.pick(random) + " Medical Practice";
    }
    if (form < 92) {
      return "The " + PLACE.pick(random) + " Practice";
    }
    return "Dr " + SyntheticNames.surname(random) + " and Partners";
  }

  static String trustName(Town town, SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> town.name() + " Teaching Hospitals NHS Trust";
      case 1 -> town.name() + " University Hospitals NHS Foundation Trust";
      case 2 -> town.name() + " and District NHS Foundation Trust";
      case 3 -> town.name() + " Hospitals NHS Foundation Trust";
      case 4 -> town.name() + " Community Healthcare NHS Trust";
      default -> town.name() + " Mental Health NHS Foundation Trust";
    };
  }

  static String trustSiteName(Town town, SplittableRandom random) {
    return switch (random.nextInt(7)) {
      case 0 -> town.name() + " General Hospital";
      case 1 -> town.name() + " Royal Infirmary";
      case 2 -> saint(random) + " Hospital";
      case 3 -> town.name() + " Community Hospital";
      case 4 -> PLACE.pick(random) + " Hospital";
      case 5 -> PLACE.pick(random) + " Mental Health Unit";
      default -> town.name() + " Diagnostic Centre";
    };
  }

  static String otherName(Town town, SplittableRandom random) {
    return switch (random.nextInt(8)) {
      case 0 -> saint(random) + " Hospice";
      case 1 -> town.name() + " Hospice";
      case 2 -> PLACE.pick(random) + " Clinic";
      case 3 -> SyntheticNames.surname(random) + " Opticians";
      case 4 -> town.name() + " Physiotherapy";
      case 5 -> town.name() + " Community Interest Company";
      case 6 -> PLACE.pick(random) + " Independent Hospital";
      default -> town.name() + " Urgent Care Centre";
    };
  }

  private static List<String> legacyNames() {
    Set<String> compacted = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (String form : List.of("Chemist", "Pharmacy", "Chemists", "Dispensing Chemist", "Pharmacy and Chemist")) {
      for (String place : PLACE.values()) {
        addIfDistinct(place + " " + form, compacted, names);
      }
    }
    for (String form : List.of("Chemist", "Chemists", "Pharmacy")) {
      for (String surname : SyntheticNames.allSurnames()) {
        addIfDistinct(surname + " " + form, compacted, names);
      }
    }
    return List.copyOf(names);
  }

  private static void addIfDistinct(String name, Set<String> compacted, List<String> names) {
    if (compacted.add(Addresses.compact(name))) {
      names.add(name);
    }
  }

  /** St Mary's, St Thomas'. */
  private static String saint(SplittableRandom random) {
    String saint = SAINT.pick(random);
    return "St " + saint + (saint.endsWith("s") ? "'" : "'s");
  }

  private static List<Town> parseTowns() {
    List<Town> towns = new ArrayList<>();
    for (String line : TOWN_TABLE.strip().split("\n")) {
      String[] f = line.strip().split("\\|");
      towns.add(new Town(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]),
          Integer.parseInt(f[5])));
    }
    return List.copyOf(towns);
  }

  private static List<Icb> parseIcbs() {
    List<Icb> icbs = new ArrayList<>();
    for (String line : ICB_TABLE.strip().split("\n")) {
      String[] f = line.strip().split("\\|");
      icbs.add(new Icb(f[0], "NHS " + f[1] + " Integrated Care Board", Integer.parseInt(f[2]), townNamed(f[3])));
    }
    return List.copyOf(icbs);
  }

  /** The town of that name ("Leeds"), or London's part with that postcode area ("London N"). */
  private static int townNamed(String name) {
    for (int i = 0; i < TOWNS.size(); i++) {
      Town town = TOWNS.get(i);
      if (name.equals(town.name()) || name.equals(town.name() + " " + town.area())) {
        return i;
      }
    }
    throw new IllegalStateException("no town " + name);
  }

  private static Weighted<Integer> weightedTowns() {
    List<Integer> indexes = new ArrayList<>();
    List<Long> weights = new ArrayList<>();
    for (int i = 0; i < TOWNS.size(); i++) {
      indexes.add(i);
      weights.add((long) TOWNS.get(i).weight());
    }
    return Weighted.of(indexes, weights);
  }

  private static List<List<Integer>> townsByRegion() {
    List<List<Integer>> byRegion = new ArrayList<>();
    for (int r = 0; r < REGIONS.size(); r++) {
      List<Integer> towns = new ArrayList<>();
      for (int i = 0; i < TOWNS.size(); i++) {
        if (TOWNS.get(i).region() == r) {
          towns.add(i);
        }
      }
      byRegion.add(List.copyOf(towns));
    }
    return List.copyOf(byRegion);
  }
}
