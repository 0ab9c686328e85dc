package uk.nhs.peoplefinder.seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.MobileNumber;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;

/**
 * The synthetic directory: reproducible to the byte, in the seed format, and within every
 * provisioning rule the loader checks (docs/seed-data.md §2.5, §5).
 */
class SeedGeneratorTest {
  private static final int USERS = 5_000;
  private static final long SEED = 42;
  // Small files, so that the sample spans several of them.
  private static final int PER_FILE = 60;
  private static final ObjectMapper MAPPER = new ObjectMapper(); // fails on unknown properties
  private static final Pattern UK_MOBILE = Pattern.compile("\\+447\\d{9}");
  // R-DISPLAY: letters, digits, spaces and - , ; . ( ) & [ ] ' @
  private static final Pattern DISPLAY = Pattern.compile("[\\p{L}\\p{M}0-9 \\-,;.()&\\[\\]'@]+");

  /** A seed file as the loader reads it. */
  record SeedFile(String defaultPassword, List<SeedOrganisation> organisations) {}

  @TempDir static Path sampleDir;
  private static SeedGenerator.Summary summary;
  private static List<SeedOrganisation> orgs;

  @BeforeAll
  static void generateSample() throws IOException {
    summary = new SeedGenerator(SEED, PER_FILE, 2).write(USERS, sampleDir);
    orgs = read(sampleDir);
  }

  @Test
  void sameSeedAndUsers_giveByteIdenticalFiles_whateverTheThreads(@TempDir Path a, @TempDir Path b)
      throws IOException {
    new SeedGenerator(SEED, PER_FILE, 1).write(USERS, a);
    new SeedGenerator(SEED, PER_FILE, 3).write(USERS, b);

    List<Path> files = files(a);
    assertEquals(names(files(sampleDir)), names(files));
    assertEquals(names(files), names(files(b)));
    for (Path file : files) {
      byte[] expected = Files.readAllBytes(sampleDir.resolve(file.getFileName()));
      assertArrayEquals(expected, Files.readAllBytes(file), file.getFileName().toString());
      assertArrayEquals(expected, Files.readAllBytes(b.resolve(file.getFileName())), file.getFileName().toString());
    }
  }

  @Test
  void differentSeed_givesADifferentDirectory(@TempDir Path other) throws IOException {
    new SeedGenerator(SEED + 1, PER_FILE, 2).write(USERS, other);

    assertNotEquals(orgs, read(other));
  }

  @Test
  void fileSize_doesNotChangeTheOrganisations(@TempDir Path oneFile) throws IOException {
    SeedGenerator.Summary whole = new SeedGenerator(SEED).write(USERS, oneFile);

    assertEquals(1, whole.files());
    assertEquals(orgs, read(oneFile));
  }

  @Test
  void files_areNumberedAndHoldOneOrganisationPerLine() throws IOException {
    List<Path> files = files(sampleDir);

    assertEquals(summary.files(), files.size());
    assertEquals((orgs.size() + PER_FILE - 1) / PER_FILE, files.size());
    for (int i = 0; i < files.size(); i++) {
      assertEquals(SeedGenerator.fileName(i + 1), files.get(i).getFileName().toString());
      List<String> lines = Files.readAllLines(files.get(i));
      assertEquals("{\"defaultPassword\":\"PeopleFinder-Demo-1\",\"organisations\":[", lines.get(0));
      assertEquals("]}", lines.get(lines.size() - 1));
      int inFile = Math.min(PER_FILE, orgs.size() - i * PER_FILE);
      assertEquals(inFile + 2, lines.size());
    }
    assertEquals(summary.bytes(), files.stream().mapToLong(SeedGeneratorTest::size).sum());
  }

  @Test
  void everyFile_parsesIntoTheSeedRecordsWithItsDefaultPassword() throws IOException {
    for (Path file : files(sampleDir)) {
      SeedFile seed = MAPPER.readValue(file.toFile(), SeedFile.class);
      assertEquals(SeedGenerator.DEFAULT_PASSWORD, seed.defaultPassword());
      assertFalse(seed.organisations().isEmpty());
    }
    assertEquals(summary.organisations(), orgs.size());
  }

  @Test
  void accounts_totalExactlyTheUsersAskedFor(@TempDir Path dir) throws IOException {
    assertEquals(USERS, accounts(orgs).size());
    assertEquals(USERS, summary.accounts());
    for (int users : new int[] {1, 2, 37, 1_234}) {
      Path out = Files.createDirectories(dir.resolve("n" + users));
      SeedGenerator.Summary small = new SeedGenerator(users).write(users, out);

      assertEquals(users, accounts(read(out)).size(), "users " + users);
      assertEquals(users, small.accounts());
    }
  }

  @Test
  void users_outsideTheRange_areRefused(@TempDir Path dir) {
    assertThrows(IllegalArgumentException.class, () -> new SeedGenerator(1).write(0, dir));
    assertThrows(IllegalArgumentException.class, () -> new SeedGenerator(1).write(SeedGenerator.MAX_USERS + 1, dir));
  }

  @Test
  void odsCodes_areUniqueAndInTheShapeOfTheirType() {
    Set<String> seen = new HashSet<>();
    for (SeedOrganisation org : orgs) {
      OrgType type = OrgType.of(org.type());
      assertNotNull(type, org.type());
      assertTrue(OdsCode.of(org.odsCode()).fits(type), org.odsCode() + " as " + org.type());
      assertEquals(org.odsCode().toUpperCase(), org.odsCode());
      assertTrue(seen.add(org.odsCode()), "duplicate " + org.odsCode());
    }
  }

  @Test
  void trustSites_comeAfterTheirTrust() {
    Set<String> trusts = new HashSet<>();
    int sites = 0;
    for (SeedOrganisation org : orgs) {
      if (!org.type().equals("trust")) {
        continue;
      }
      if (org.odsCode().length() == 3) {
        trusts.add(org.odsCode());
      } else {
        assertEquals(5, org.odsCode().length(), org.odsCode());
        assertTrue(trusts.contains(org.odsCode().substring(0, 3)), org.odsCode() + " before its trust");
        sites++;
      }
    }
    assertFalse(trusts.isEmpty());
    assertTrue(sites > trusts.size(), sites + " sites of " + trusts.size() + " trusts");
  }

  @Test
  void organisations_haveNamesTownsAndPostcodes() {
    Pattern postcode = Pattern.compile("[A-Z]{1,2}[0-9]{1,2} [0-9][A-Z]{2}");
    for (SeedOrganisation org : orgs) {
      assertTrue(DISPLAY.matcher(org.name()).matches(), org.name());
      assertNotNull(org.town(), org.odsCode());
      assertTrue(postcode.matcher(org.postcode()).matches(), org.postcode());
      assertTrue(Set.of("active", "closed").contains(org.status()), org.status());
      assertTrue(Set.of("standardsMet", "approachingStandards", "notMet").contains(org.dspt()), org.dspt());
      if (org.accountLimit() != null && org.accountLimit() > 10) {
        assertNotNull(org.limitApprovedBy(), org.odsCode());
        assertTrue(orgs.stream().anyMatch(o -> o.type().equals("icb") && o.odsCode().equals(org.limitApprovedBy())));
      }
    }
  }

  @Test
  void mobiles_areUniqueUkMobiles_andPersonsHaveAnAltEmail() {
    Set<String> mobiles = new HashSet<>();
    for (SeedPerson person : accounts(orgs)) {
      if ("application".equals(person.kind())) {
        assertNull(person.mobile());
        continue;
      }
      assertNull(person.kind(), "persons use the default kind");
      assertTrue(UK_MOBILE.matcher(person.mobile()).matches(), person.mobile());
      assertEquals(person.mobile(), MobileNumber.of(person.mobile()).value());
      assertTrue(mobiles.add(person.mobile()), "duplicate " + person.mobile());
      assertTrue(person.altEmail().matches("[a-z0-9.\\-]+@example\\.(com|org|net)"), person.altEmail());
    }
  }

  @Test
  void mobiles_areUniqueAcrossAMillionAccounts() {
    MobileNumbers mobiles = new MobileNumbers(7);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000_000; i++) {
      String mobile = mobiles.of(i);
      assertTrue(seen.add(mobile), mobile);
      assertFalse(mobile.startsWith("+447700900"), "drama range is left to the demo seed: " + mobile);
    }
  }

  @Test
  void people_haveNamesThatExerciseTheAddressRules() {
    List<SeedPerson> persons = accounts(orgs).stream().filter(p -> p.kind() == null).toList();
    for (SeedPerson p : persons) {
      assertFalse(Addresses.personPart(p.givenName()).isEmpty(), p.givenName());
      assertFalse(Addresses.personPart(p.surname()).isEmpty(), p.surname());
      assertTrue(DISPLAY.matcher(p.givenName() + " " + p.surname()).matches(), p.givenName() + " " + p.surname());
      assertNotNull(p.title());
    }
    assertTrue(persons.stream().anyMatch(p -> !p.givenName().matches("\\p{ASCII}+")), "an accented given name");
    assertTrue(persons.stream().anyMatch(p -> p.surname().contains("'")), "an apostrophe");
    assertTrue(persons.stream().anyMatch(p -> p.surname().contains("-")), "a hyphen");
    assertTrue(persons.stream().anyMatch(p -> (p.givenName() + p.surname()).contains(" ")), "a space");
    for (String name : SyntheticNames.allNames()) {
      assertFalse(Addresses.personPart(name).isEmpty(), name);
      assertTrue(DISPLAY.matcher(name).matches(), name);
    }
  }

  @Test
  void statuses_followTheLifecycleRules() {
    int leavers = 0;
    int pending = 0;
    for (SeedPerson p : accounts(orgs)) {
      assertTrue(Set.of("active", "pending", "locked", "leaver", "inactive").contains(p.status()), p.status());
      if (p.status().equals("leaver")) {
        leavers++;
        assertTrue(p.leaverSince().matches("2026-\\d\\d-\\d\\d"), p.leaverSince());
        assertTrue(p.links().isEmpty(), "a leaver has no links (R-LEAVER)");
      } else {
        assertNull(p.leaverSince());
      }
      if (p.status().equals("pending")) {
        pending++;
        assertNull(p.mfa(), "a pending account has chosen no MFA method yet");
      }
      if ("localAdmin".equals(p.role())) {
        assertEquals("active", p.status());
      }
    }
    assertTrue(leavers > USERS / 200 && leavers < USERS / 50, leavers + " leavers");
    assertTrue(pending > USERS / 50 && pending < USERS / 20, pending + " pending");
  }

  @Test
  void applicationAccounts_areNamedForAPurposeAndNeverOwn(@TempDir Path dir) throws IOException {
    // About 2% of pharmacies have one: take a sample big enough to hold several.
    new SeedGenerator(3).write(60_000, dir);
    List<SeedOrganisation> big = read(dir);
    int applications = 0;
    for (SeedOrganisation org : big) {
      Set<String> purposes = new HashSet<>();
      for (SeedPerson p : org.people()) {
        if (!"application".equals(p.kind())) {
          continue;
        }
        applications++;
        assertEquals("pharmacy", org.type());
        assertTrue(p.purpose().matches("[a-z][a-z0-9]{2,30}"), p.purpose());
        assertTrue(purposes.add(p.purpose()), "one address per purpose in " + org.odsCode());
        assertNull(p.givenName());
        assertNull(p.surname());
        assertNull(p.mobile());
        assertEquals("active", p.status());
        assertTrue(p.links().stream().noneMatch(l -> Boolean.TRUE.equals(l.owner())));
      }
    }
    long pharmacies = big.stream().filter(o -> o.type().equals("pharmacy")).count();
    assertTrue(applications > pharmacies / 100 && applications < pharmacies / 25, applications + " of " + pharmacies);
    assertLinksObeyTheRules(big);
  }

  @Test
  void links_obeyOwnerLimitAndMultiRules() {
    assertLinksObeyTheRules(orgs);
  }

  @Test
  void someStaff_linkToASecondPharmacy() {
    long multi = accounts(orgs).stream().filter(p -> p.links().size() > 1).count();
    assertTrue(multi > 0, "R-MULTI");
  }

  @Test
  void plan_ofOnePointFiveMillion_followsEnglandsSectorMix() {
    GeneratorPlan plan = GeneratorPlan.make(1, 1_500_000);
    Map<Sector, Integer> bySector = plan.organisationsBySector();
    int total = plan.orgs.size();

    assertEquals(42, bySector.get(Sector.ICB));
    assertShare(0.45, bySector.get(Sector.CARE) + bySector.getOrDefault(Sector.CARE_TRUST, 0), total);
    assertShare(0.20, bySector.get(Sector.PHARMACY), total);
    assertShare(0.18, bySector.get(Sector.DENTAL), total);
    assertShare(0.10, bySector.get(Sector.GP), total);
    assertShare(0.03, bySector.get(Sector.TRUST) + bySector.get(Sector.TRUST_SITE), total);
    assertShare(0.04, bySector.get(Sector.OTHER), total);
    double perOrganisation = 1_500_000.0 / total;
    assertTrue(perOrganisation > 20 && perOrganisation < 28, perOrganisation + " accounts per organisation");
    assertEquals(1_500_000, plan.accountsBySector().values().stream().mapToInt(Integer::intValue).sum());
  }

  @Test
  void sample_followsTheSectorMixToo() {
    Map<String, Integer> byType = new HashMap<>();
    orgs.forEach(o -> byType.merge(o.type(), 1, Integer::sum));
    int drawn = orgs.size() - byType.get("icb");

    assertEquals(summary.organisationsByType(), byType);
    assertShare(0.45, byType.get("care"), drawn, 0.03);
    assertShare(0.20, byType.get("pharmacy"), drawn, 0.03);
    assertShare(0.18, byType.get("dental"), drawn, 0.03);
    assertShare(0.10, byType.get("gp"), drawn, 0.03);
  }

  @Test
  void plan_ofTheLargestRun_findsEnoughCodes() {
    GeneratorPlan plan = GeneratorPlan.make(5, SeedGenerator.MAX_USERS);

    assertEquals(plan.orgs.size(), plan.orgs.stream().map(GeneratorPlan.Org::odsCode).distinct().count());
  }

  @Test
  void icbs_liveInTheirOwnRegion() {
    for (SyntheticPlaces.Icb icb : SyntheticPlaces.ICBS) {
      assertEquals(icb.region(), SyntheticPlaces.town(icb.town()).region(), icb.name());
      assertTrue(OdsCode.of(icb.odsCode()).fits(OrgType.ICB), icb.odsCode());
    }
    assertEquals(42, SyntheticPlaces.ICBS.stream().map(SyntheticPlaces.Icb::odsCode).distinct().count());
  }

  @Test
  void generatedSeed_loadsThroughTheServersWritePipeline(@TempDir Path dir) throws IOException {
    SeedGenerator.Summary small = new SeedGenerator(11, 40, 2).write(1_500, dir);

    try (PeopleFinderServer server = PeopleFinderServer.builder().port(0).seedData(dir).start()) {
      long mailboxes = read(dir).stream().filter(o -> o.sharedMailbox() != null).count();
      assertTrue(server.store().size() >= small.organisations() + small.accounts() + mailboxes,
          server.store().size() + " entries");
    }
  }

  /** docs/seed-data.md §2.5: what the loader checks of links. */
  private static void assertLinksObeyTheRules(List<SeedOrganisation> orgs) {
    Map<String, SeedOrganisation> byCode = new HashMap<>();
    Map<SeedPerson, SeedOrganisation> home = new HashMap<>();
    for (SeedOrganisation org : orgs) {
      byCode.put(org.odsCode(), org);
      org.people().forEach(p -> home.put(p, org));
    }
    Map<String, Integer> links = new HashMap<>();
    Map<String, Integer> owners = new HashMap<>();
    for (SeedOrganisation org : orgs) {
      for (SeedPerson p : org.people()) {
        Set<String> once = new HashSet<>();
        for (SeedLink link : p.links()) {
          SeedOrganisation target = byCode.get(link.odsCode());
          assertNotNull(target, link.odsCode());
          assertNotNull(target.sharedMailbox(), link.odsCode() + " has no mailbox");
          assertTrue(Set.of("current", "legacyLong").contains(target.sharedMailbox().format()),
              "links only to current and legacyLong mailboxes, not " + target.sharedMailbox().format());
          assertTrue(once.add(link.odsCode()), "linked twice to " + link.odsCode());
          links.merge(link.odsCode(), 1, Integer::sum);
          if (link.owner()) {
            owners.merge(link.odsCode(), 1, Integer::sum);
            assertNull(p.kind(), "an owner is a personal account");
            assertTrue(Set.of("active", "pending").contains(p.status()), p.status());
            assertNotNull(p.mobile());
            assertEquals(target, home.get(p), "owners belong to the mailbox's organisation");
          }
        }
      }
    }
    for (SeedOrganisation org : orgs) {
      SeedMailbox box = org.sharedMailbox();
      assertEquals(Set.of("pharmacy", "care", "dental").contains(org.type()) && org.status().equals("active"),
          box != null, org.odsCode() + " " + org.type() + " " + org.status());
      if (box == null) {
        assertFalse(links.containsKey(org.odsCode()));
        continue;
      }
      if (box.format().equals("legacySinglePassword")) {
        assertFalse(links.containsKey(org.odsCode()), "nobody links to a legacySinglePassword account");
        continue;
      }
      int limit = org.accountLimit() == null ? 10 : org.accountLimit();
      int linked = links.getOrDefault(org.odsCode(), 0);
      assertTrue(linked >= 1 && linked <= limit, org.odsCode() + " has " + linked + " links, limit " + limit);
      int owned = owners.getOrDefault(org.odsCode(), 0);
      assertTrue(owned >= 1 && owned <= 2, org.odsCode() + " has " + owned + " owners");
    }
    Set<String> legacyNames = new HashSet<>();
    for (SeedOrganisation org : orgs) {
      if (org.sharedMailbox() != null && org.sharedMailbox().format().equals("legacySinglePassword")) {
        assertTrue(legacyNames.add(Addresses.compact(org.name())), "address taken twice: " + org.name());
      }
    }
  }

  private static void assertShare(double expected, int count, int total) {
    assertShare(expected, count, total, 0.005);
  }

  private static void assertShare(double expected, int count, int total, double tolerance) {
    double share = (double) count / total;
    assertTrue(Math.abs(share - expected) <= tolerance, share + " instead of about " + expected);
  }

  private static List<SeedPerson> accounts(List<SeedOrganisation> orgs) {
    List<SeedPerson> all = new ArrayList<>();
    orgs.forEach(o -> all.addAll(o.people()));
    return all;
  }

  private static List<SeedOrganisation> read(Path dir) throws IOException {
    List<SeedOrganisation> all = new ArrayList<>();
    for (Path file : files(dir)) {
      all.addAll(MAPPER.readValue(file.toFile(), SeedFile.class).organisations());
    }
    return all;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static List<String> names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).toList();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
