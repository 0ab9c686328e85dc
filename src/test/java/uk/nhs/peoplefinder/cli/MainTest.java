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

/** The command line's answers to mistakes: exit codes and the one line on stderr. */
class MainTest {
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
  void noArguments_printsUsageAndExits2() {
    Run run = run();

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.out().contains("serve"), run.out());
  }

  @Test
  void help_printsUsageAndExits0() {
    for (String help : List.of("--help", "-h", "help")) {
      Run run = run(help);

      assertEquals(Main.OK, run.status(), help);
      assertTrue(run.out().startsWith("usage:"), run.out());
      assertEquals("", run.err());
    }
  }

  @Test
  void unknownCommand_exits2NamingIt() {
    Run run = run("frobnicate");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("'frobnicate'"), run.err());
  }

  @Test
  void serve_portNotANumber_exits2NamingOptionAndValue() {
    Run run = run("serve", "--port", "abc");

    assertEquals(Main.USAGE, run.status());
    assertEquals("people-finder serve: --port must be a number, not 'abc'; try serve --help", run.onlyErrLine());
  }

  @Test
  void serve_portOutOfRange_exits2() {
    Run run = run("serve", "--port", "65536");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("--port must be between 0 and 65535"), run.err());
  }

  @Test
  void serve_optionWithoutValue_exits2() {
    Run run = run("serve", "--seed-data");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("--seed-data needs a value"), run.err());
  }

  @Test
  void serve_unknownOption_exits2NamingIt() {
    Run run = run("serve", "--prot", "1389");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("'--prot'"), run.err());
  }

  @Test
  void serve_negativeSizeLimit_exits2() {
    Run run = run("serve", "--size-limit", "-1");

    assertEquals(Main.USAGE, run.status());
    assertTrue(run.onlyErrLine().contains("--size-limit"), run.err());
  }

  @Test
  void serveHelp_listsEveryOptionAndExits0() {
    Run run = run("serve", "--help");

    assertEquals(Main.OK, run.status());
    for (String option :
        List.of("--port", "--bind-address", "--seed-data", "--data-dir", "--anonymous-read", "--size-limit",
            "--time-limit")) {
      assertTrue(run.out().contains(option), () -> "serve --help should list " + option + "\n" + run.out());
    }
    assertEquals("", run.err());
  }

  @Test
  void serve_missingSeedDirectory_exits1WithOneLineNamingIt() {
    // Fails while loading, before the server listens, so no port is taken.
    Path missing = tempDir.resolve("no-such-dir");

    Run run = run("serve", "--port", "0", "--seed-data", missing.toString());

    assertEquals(Main.FAILED, run.status());
    String line = run.onlyErrLine();
    assertTrue(line.startsWith("people-finder serve: "), line);
    assertTrue(line.contains(missing.toString()), line);
  }
}
