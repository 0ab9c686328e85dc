package uk.nhs.peoplefinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report} on the bundled demo seed and on a test seed: its lines, summary and exit codes. */
class ReportCommandTest {
  @TempDir Path tempDir;

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    List<String> linesOf(String rule) {
      return lines().stream().filter(l -> l.startsWith(rule + " ")).toList();
    }
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, o, e);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void demoSeed_listsItsKnownProblems_groupedByRule_thenASummary() {
    Run run = run("report");

    assertEquals(Main.OK, run.status(), run.err());
    assertEquals("", run.err());
    List<String> tos = run.linesOf("R-TOS");
    assertEquals(3, tos.size(), run.out());
    assertTrue(tos.get(0).startsWith("R-TOS FD219 (Abbey Pharmacy): "), run.out());
    assertTrue(tos.get(1).startsWith("R-TOS FH066 (Moorside Chemist): "), run.out());
    assertTrue(
        tos.get(2)
            .equals("R-TOS FW844 (Parkway Pharmacy): pharmacy FW844's shared mailbox pharmacy.fw844@nhs.net has 1"
                + " linked active personal account; the Terms of Service need at least 2"),
        run.out());
    List<String> legacy = run.linesOf("R-LEGACY");
    assertEquals(2, legacy.size(), run.out());
    assertTrue(legacy.get(0).contains("nhspharmacy.hull.abbeypharmacyfd219@nhs.net"), run.out());
    assertTrue(legacy.get(0).contains("should be migrated to pharmacy.fd219@nhs.net"), run.out());
    assertTrue(legacy.get(1).contains("moorsidechemist@nhs.net"), run.out());
    assertTrue(legacy.get(1).contains("should be migrated to pharmacy.fh066@nhs.net"), run.out());
    assertEquals(
        List.of(
            "R-OPEN-ORG C84999 (Old Mill Surgery): graham.turner@nhs.net is in closed organisation C84999; move it"
                + " (joiner) or mark it a leaver",
            "R-OPEN-ORG C84999 (Old Mill Surgery): pauline.hicks@nhs.net is in closed organisation C84999; move it"
                + " (joiner) or mark it a leaver"),
        run.linesOf("R-OPEN-ORG"));
    assertTrue(run.linesOf("R-OWNER").stream().anyMatch(l -> l.startsWith("R-OWNER FW844 ")), run.out());
    assertEquals(List.of(), run.linesOf("R-LIMIT"), "FK721 is at its limit, not over it");
    assertGroupedByRule(run.lines());
    String summary = run.lines().get(run.lines().size() - 1);
    assertTrue(summary.startsWith("summary: R-TOS 3, R-LEGACY 2, R-OWNER "), summary);
    assertTrue(summary.contains(", R-LIMIT 0, R-OPEN-ORG 2; "), summary);
    assertTrue(summary.endsWith(" of 27 organisations"), summary);
  }

  @Test
  void seedDataOption_reportsThatDirectory() {
    Run run = run("report", "--seed-data", "src/test/resources/small-seed");

    assertEquals(Main.OK, run.status(), run.err());
    assertEquals(
        List.of(
            "R-TOS FW844 (Parkway Pharmacy): pharmacy FW844's shared mailbox pharmacy.fw844@nhs.net has 1 linked"
                + " active personal account; the Terms of Service need at least 2",
            "R-OWNER FW844 (Parkway Pharmacy): FW844's shared mailbox pharmacy.fw844@nhs.net has one owner; name"
                + " another for business continuity",
            "R-OWNER V1A2B (Meadowbank Care Home): V1A2B's shared mailbox"
                + " care.harrogate.meadowbankcarehomev1a2b@nhs.net has one owner; name another for business"
                + " continuity",
            "summary: R-TOS 1, R-LEGACY 0, R-OWNER 2, R-LIMIT 0, R-OPEN-ORG 0; 3 problems in 2 of 6 organisations"),
        run.lines());
  }

  @Test
  void help_documentsTheCommand() {
    Run run = run("report", "--help");

    assertEquals(Main.OK, run.status());
    assertTrue(run.out().startsWith("usage: java -jar target/people-finder.jar report"), run.out());
    assertTrue(run.out().contains("--seed-data DIR"), run.out());
    assertTrue(run(("--help")).out().contains("report"), "listed in the usage");
  }

  @Test
  void missingSeedDirectory_failsWithOneLine() {
    Run run = run("report", "--seed-data", tempDir.resolve("nope").toString());

    assertEquals(Main.FAILED, run.status());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("people-finder report: seed data directory "), run.err());
  }

  @Test
  void unknownOption_isAUsageError() {
    Run run = run("report", "--bogus");

    assertEquals(Main.USAGE, run.status());
    assertEquals("people-finder report: unknown option '--bogus'; try report --help", run.err().strip());
  }

  /** Every rule's lines come together, in the order R-TOS, R-LEGACY, R-OWNER, R-LIMIT, R-OPEN-ORG. */
  private static void assertGroupedByRule(List<String> lines) {
    List<String> order = List.of("R-TOS", "R-LEGACY", "R-OWNER", "R-LIMIT", "R-OPEN-ORG");
    int last = 0;
    for (String line : lines.subList(0, lines.size() - 1)) {
      int rule = order.indexOf(line.substring(0, line.indexOf(' ')));
      assertTrue(rule >= last, () -> "out of order: " + line);
      last = rule;
    }
  }
}
