package uk.nhs.peoplefinder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate}: its options, its one summary line, and its care with existing files. */
class GenerateCommandTest {
  @TempDir Path tempDir;

  /** What one call of {@link Main#run} printed and returned. */
  private record Run(int status, String out, String err) {
    String onlyErrLine() {
      List<String> lines = err.lines().toList();
      assertEquals(1, lines.size(), () -> "exactly one line on stderr expected, got:\n" + err);
      return lines.get(0);
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
  void generate_writesSeedFilesAndPrintsOneSummaryLine() {
    Path dir = tempDir.resolve("new/seed");

    Run run = run("generate", "--users", "500", "--seed", "7", "--out", dir.toString());

    assertEquals(Main.OK, run.status(), run.err());
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(1, lines.size(), run.out());
    String expected = "generated \\d+ organisations and 500 accounts \\(\\d+ application\\) in 1 file in "
        + Pattern.quote(dir.toString()) + " \\(\\d+\\.\\d MB, \\d+\\.\\d s\\)";
    assertTrue(lines.get(0).matches(expected), lines.get(0));
    assertTrue(Files.isRegularFile(dir.resolve("organisations-00001.json")));
  }

  @Test
  void generate_sameSeed_sameFiles() throws IOException {
    Path a = tempDir.resolve("a");
    Path b = tempDir.resolve("b");

    assertEquals(Main.OK, run("generate", "--users", "300", "--seed", "-9", "--out", a.toString()).status());
    assertEquals(Main.OK, run("generate", "--out", b.toString(), "--seed", "-9", "--users", "300").status());

    assertArrayEquals(Files.readAllBytes(a.resolve("organisations-00001.json")),
        Files.readAllBytes(b.resolve("organisations-00001.json")));
  }

  @Test
  void generate_earlierRunInDir_isRefusedWithoutForce() {
    Path dir = tempDir.resolve("seed");
    assertEquals(Main.OK, run("generate", "--users", "50", "--out", dir.toString()).status());

    Run again = run("generate", "--users", "50", "--out", dir.toString());

    assertEquals(Main.USAGE, again.status());
    String line = again.onlyErrLine();
    assertTrue(line.startsWith("people-finder generate: "), line);
    assertTrue(line.contains("organisations-00001.json") && line.contains("--force"), line);
  }

  @Test
  void generate_force_replacesEveryFileOfTheEarlierRun() throws IOException {
    Path dir = Files.createDirectories(tempDir.resolve("seed"));
    Files.writeString(dir.resolve("organisations-00007.json"), "{\"organisations\":[]}");
    Files.writeString(dir.resolve("notes.txt"), "kept");

    Run run = run("generate", "--users", "50", "--out", dir.toString(), "--force");

    assertEquals(Main.OK, run.status(), run.err());
    assertTrue(Files.exists(dir.resolve("organisations-00001.json")));
    assertFalse(Files.exists(dir.resolve("organisations-00007.json")), "a stale file would be loaded too");
    assertTrue(Files.exists(dir.resolve("notes.txt")));
  }

  @Test
  void generate_otherSeedFileInDir_isRefusedEvenWithForce() throws IOException {
    Path dir = Files.createDirectories(tempDir.resolve("seed"));
    Files.writeString(dir.resolve("10-trusts.json"), "{\"organisations\":[]}");

    Run run = run("generate", "--users", "50", "--out", dir.toString(), "--force");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("10-trusts.json"), run.err());
    assertFalse(Files.exists(dir.resolve("organisations-00001.json")));
  }

  @Test
  void generate_withoutUsers_exits2() {
    Run run = run("generate", "--out", tempDir.toString());

    assertEquals(Main.USAGE, run.status());
    assertEquals("people-finder generate: --users is required; try generate --help", run.onlyErrLine());
  }

  @Test
  void generate_withoutOut_exits2() {
    Run run = run("generate", "--users", "10");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("--out is required"), run.err());
  }

  @Test
  void generate_usersNotANumber_exits2NamingTheValue() {
    Run run = run("generate", "--users", "lots", "--out", tempDir.toString());

    assertEquals(Main.USAGE, run.status());
    assertEquals("people-finder generate: --users must be a number, not 'lots'; try generate --help",
        run.onlyErrLine());
  }

  @Test
  void generate_usersOutOfRange_exits2() {
    for (String users : List.of("0", "-5", "10000001")) {
      Run run = run("generate", "--users", users, "--out", tempDir.toString());

      assertEquals(Main.USAGE, run.status(), users);
      assertTrue(run.onlyErrLine().contains("--users must be between 1 and 10000000"), run.err());
    }
  }

  @Test
  void generate_seedNotANumber_exits2() {
    Run run = run("generate", "--users", "10", "--seed", "1.5", "--out", tempDir.toString());

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("--seed must be a whole number, not '1.5'"), run.err());
  }

  @Test
  void generate_unknownOptionOrMissingValue_exits2() {
    assertTrue(run("generate", "--user", "10").onlyErrLine().contains("unknown option '--user'"));
    assertTrue(run("generate", "--users").onlyErrLine().contains("--users needs a value"));
  }

  @Test
  void generate_outIsAFile_exits1NamingIt() throws IOException {
    Path file = Files.writeString(tempDir.resolve("taken"), "x");

    Run run = run("generate", "--users", "10", "--out", file.toString());

    assertEquals(Main.FAILED, run.status());
    String line = run.onlyErrLine();
    assertTrue(line.startsWith("people-finder generate: cannot create output directory " + file), line);
  }

  @Test
  void generateHelp_listsEveryOptionAndExits0() {
    Run run = run("generate", "--help");

    assertEquals(Main.OK, run.status());
    for (String option : List.of("--users", "--out", "--seed", "--force", "PeopleFinder-Demo-1")) {
      assertTrue(run.out().contains(option), () -> "generate --help should mention " + option + "\n" + run.out());
    }
    assertEquals("", run.err());
  }

  @Test
  void mainUsage_listsGenerate() {
    assertTrue(run("--help").out().contains("generate"));
  }
}
