package uk.nhs.peoplefinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.OpenLdapTool;

/**
 * {@code java -jar target/people-finder.jar serve} as scripts use it: a real process, waited for
 * by its "listening on" line, queried with ldapsearch, stopped with SIGTERM; and its one-line
 * failures. Runs in {@code mvn verify}, after the jar is packaged.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeCommandIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern LISTENING = Pattern.compile("listening on ldap://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern GENERATED = Pattern.compile("generated password for (\\S+): (\\S+)");
  private static final String ADMIN_PASSWORD = "Serve-IT-Admin-1";
  private static final String FA123 = "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final List<String> SERVE_OPTIONS =
      List.of(
          "--port", "--bind-address", "--seed-data", "--data-dir", "--anonymous-read", "--size-limit", "--time-limit");

  @TempDir Path tempDir;

  @BeforeAll
  static void jarIsBuilt() {
    assertTrue(Files.isRegularFile(jar()), jar() + " is missing: run mvn package (mvn verify builds it before this test)");
  }

  @Test
  void serve_withAdminPasswordFromEnvironment_answersLdapsearchAndStopsOnSigterm() throws Exception {
    try (Served served = Served.start(Map.of("PEOPLE_FINDER_ADMIN_PASSWORD", ADMIN_PASSWORD), "--port", "0")) {
      int port = served.awaitListening();
      String url = "ldap://127.0.0.1:" + port;

      OpenLdapTool.Result search =
          OpenLdapTool.run(
              "ldapsearch",
              with(
                  OpenLdapTool.asAdmin(url, ADMIN_PASSWORD),
                  "-o", "ldif_wrap=no", "-b", Attr.BASE_DN, "(nhsOdsCode=fa123)"));

      assertEquals(0, search.exitCode(), search::describe);
      assertEquals(
          normalised(FA123, "uid=pharmacy.fa123," + FA123, "uid=john.smith," + FA123, "uid=siobhan.oneil," + FA123,
              "uid=priya.patel-sharma," + FA123),
          normalised(search.dns().toArray(String[]::new)),
          search::describe);
      List<String> printed = served.stdoutLines();
      assertTrue(printed.stream().anyMatch(l -> l.contains("base DN") && l.contains(Attr.BASE_DN)), printed::toString);
      assertTrue(printed.stream().anyMatch(l -> l.contains(Attr.NAS_ADMIN_DN)), printed::toString);
      assertTrue(printed.stream().noneMatch(l -> l.contains(ADMIN_PASSWORD)), "the configured password is never printed");
      assertTrue(
          printed.stream().noneMatch(l -> l.startsWith("generated password for " + Attr.NAS_ADMIN_DN)), printed::toString);

      // SIGTERM, as from kill or a service manager. Through the handle, because Process.destroy()
      // also closes our end of the pipes, and the last line would be lost.
      assertTrue(served.process.toHandle().destroy(), "SIGTERM could not be sent");
      assertTrue(served.process.waitFor(30, TimeUnit.SECONDS), "serve did not stop within 30 s of SIGTERM");
      served.awaitStdoutClosed();
      assertEquals(
          "stopped",
          last(served.stdoutLines()),
          "the shutdown hook should print 'stopped'; exit code " + served.process.exitValue() + ", stdout "
              + served.stdoutLines() + ", stderr " + Files.readString(served.stderr));
    }
  }

  @Test
  void serve_withoutPasswordsInEnvironment_printsGeneratedPasswordsThatWork() throws Exception {
    try (Served served = Served.start(Map.of(), "--port", "0")) {
      String url = "ldap://127.0.0.1:" + served.awaitListening();
      List<String> printed = served.stdoutLines();

      for (String dn : List.of(Attr.NAS_ADMIN_DN, Attr.HELPDESK_DN)) {
        String password = generatedPassword(printed, dn);
        OpenLdapTool.Result whoami =
            OpenLdapTool.run("ldapwhoami", List.of("-x", "-H", url, "-D", dn, "-w", password));
        assertEquals(0, whoami.exitCode(), whoami::describe);
        assertEquals("dn:" + dn, whoami.stdout().trim(), whoami::describe);
      }
    }
  }

  @Test
  void serve_portAlreadyTaken_failsWithOneLineNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      Finished finished = Finished.run(Map.of(), "--port", Integer.toString(port));

      assertNotEquals(0, finished.exitCode(), finished::describe);
      String line = finished.onlyStderrLine();
      assertTrue(line.startsWith("people-finder serve: "), finished::describe);
      assertTrue(line.contains(":" + port), "the line names the port: " + line);
    }
  }

  @Test
  void serve_seedFileWithLdifSyntaxError_failsWithOneLineNamingFileAndLine() throws Exception {
    Path seed = tempDir.resolve("seed");
    Files.createDirectories(seed);
    List<String> lines = new ArrayList<>(validOrganisation("FA999", "Canal Street Pharmacy"));
    lines.add("");
    int brokenRecord = lines.size() + 1;
    lines.add("dn: nhsOdsCode=FA998,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN);
    lines.add("objectClass: top");
    lines.add("objectClass nhsOrganisation");
    int brokenLine = lines.size();
    lines.add("nhsOdsCode: FA998");
    Files.write(seed.resolve("broken.ldif"), lines);

    Finished finished = Finished.run(Map.of(), "--port", "0", "--seed-data", seed.toString());

    assertEquals(1, finished.exitCode(), finished::describe);
    String line = finished.onlyStderrLine();
    Matcher at = Pattern.compile("broken\\.ldif line (\\d+)").matcher(line);
    assertTrue(at.find(), "the line names the file and the line: " + line);
    int reported = Integer.parseInt(at.group(1));
    // The SDK's LDIF reader reports the first line of the broken record; the bad line itself would do too.
    assertTrue(reported >= brokenRecord && reported <= brokenLine, "line " + reported + " in " + line);
  }

  @Test
  void serve_seedEntryWithMissingParent_failsWithOneLineNamingFileAndEntry() throws Exception {
    Path seed = tempDir.resolve("seed");
    Files.createDirectories(seed);
    String entry = "uid=orphan.person,nhsOdsCode=FZ999,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
    Files.write(
        seed.resolve("orphan.ldif"),
        List.of(
            "dn: " + entry,
            "objectClass: top",
            "objectClass: person",
            "objectClass: organizationalPerson",
            "objectClass: inetOrgPerson",
            "objectClass: nhsPerson",
            "uid: orphan.person",
            "mail: orphan.person@nhs.net",
            "givenName: Orphan",
            "sn: Person",
            "cn: Orphan Person (NOWHERE PHARMACY)",
            "displayName: Orphan Person (NOWHERE PHARMACY)",
            "mobile: +447700900196",
            "nhsAltEmail: orphan.person@example.com"));

    Finished finished = Finished.run(Map.of(), "--port", "0", "--seed-data", seed.toString());

    assertEquals(1, finished.exitCode(), finished::describe);
    String line = finished.onlyStderrLine();
    assertTrue(line.contains("orphan.ldif"), "the line names the file: " + line);
    assertTrue(line.contains(entry), "the line names the entry: " + line);
  }

  @Test
  void serve_seedDirectoryMissing_failsWithOneLineNamingIt() throws Exception {
    Path missing = tempDir.resolve("no-such-dir");

    Finished finished = Finished.run(Map.of(), "--port", "0", "--seed-data", missing.toString());

    assertEquals(1, finished.exitCode(), finished::describe);
    assertTrue(finished.onlyStderrLine().contains(missing.toString()), finished::describe);
  }

  @Test
  void serve_portNotANumber_exits2() throws Exception {
    Finished finished = Finished.run(Map.of(), "--port", "abc");

    assertEquals(2, finished.exitCode(), finished::describe);
    String line = finished.onlyStderrLine();
    assertTrue(line.contains("--port") && line.contains("abc"), line);
  }

  @Test
  void serveHelp_listsEveryOption_exits0() throws Exception {
    Finished finished = Finished.run(Map.of(), "--help");

    assertEquals(0, finished.exitCode(), finished::describe);
    assertEquals("", finished.stderr(), finished::describe);
    for (String option : SERVE_OPTIONS) {
      assertTrue(finished.stdout().contains(option), () -> "serve --help should list " + option + "\n" + finished.stdout());
    }
  }

  // ---------------------------------------------------------------- processes

  private static Path jar() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "people-finder.jar");
  }

  private static ProcessBuilder serve(Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.add("serve");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    // Only what the test sets: a developer's own passwords must not leak in, and options
    // picked up by the JVM would add "Picked up …" lines to stderr.
    for (String name :
        List.of(
            "PEOPLE_FINDER_ADMIN_PASSWORD",
            "PEOPLE_FINDER_HELPDESK_PASSWORD",
            "PEOPLE_FINDER_SEED_PASSWORD",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
            "_JAVA_OPTIONS")) {
      environment.remove(name);
    }
    environment.putAll(env);
    return builder;
  }

  /** A running {@code serve} process whose stdout is read line by line as it comes. */
  private static final class Served implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean stdoutClosed;

    private Served(Process process, Path stderr) {
      this.process = process;
      this.stderr = stderr;
      this.reader = new Thread(this::readStdout, "serve-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Served start(Map<String, String> env, String... args) throws IOException {
      Path stderr = Files.createTempFile("serve-", ".err");
      Process process = serve(env, args).redirectError(stderr.toFile()).start();
      return new Served(process, stderr);
    }

    private void readStdout() {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // The process went away; whatever was read stays in lines.
      } finally {
        synchronized (this) {
          stdoutClosed = true;
          notifyAll();
        }
      }
    }

    /** Waits for the "listening on" line and returns its port; fails on exit or after 60 s. */
    synchronized int awaitListening() throws InterruptedException, IOException {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        for (String line : lines) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            return Integer.parseInt(m.group(1));
          }
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (stdoutClosed || left <= 0) {
          fail("serve did not print 'listening on ldap://127.0.0.1:PORT' "
              + (stdoutClosed ? "before its output ended" : "within " + START_TIMEOUT)
              + "\n--- stdout\n" + String.join("\n", lines) + "\n--- stderr\n" + Files.readString(stderr));
        }
        wait(left);
      }
    }

    synchronized void awaitStdoutClosed() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!stdoutClosed) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        assertTrue(left > 0, "serve's stdout stayed open after it exited");
        wait(left);
      }
    }

    synchronized List<String> stdoutLines() {
      return List.copyOf(lines);
    }

    @Override
    public void close() throws Exception {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      Files.deleteIfExists(stderr);
    }
  }

  /** A {@code serve} run that is expected to end by itself. */
  private record Finished(List<String> command, int exitCode, String stdout, String stderr) {
    static Finished run(Map<String, String> env, String... args) throws Exception {
      Path out = Files.createTempFile("serve-", ".out");
      Path err = Files.createTempFile("serve-", ".err");
      try {
        ProcessBuilder builder = serve(env, args).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        if (!process.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          fail("serve " + String.join(" ", args) + " was expected to exit but still ran after " + START_TIMEOUT
              + "\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
        }
        return new Finished(builder.command(), process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    }

    String describe() {
      return String.join(" ", command) + "\nexit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** The single line on stderr; fails if there is none or more than one. */
    String onlyStderrLine() {
      List<String> lines = stderr.lines().toList();
      assertEquals(1, lines.size(), () -> "exactly one line on stderr expected\n" + describe());
      assertFalse(lines.get(0).isBlank(), this::describe);
      return lines.get(0);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static List<String> validOrganisation(String odsCode, String name) {
    return List.of(
        "dn: nhsOdsCode=" + odsCode + ",ou=Pharmacy,ou=Organisations," + Attr.BASE_DN,
        "objectClass: top",
        "objectClass: organizationalUnit",
        "objectClass: nhsOrganisation",
        "nhsOdsCode: " + odsCode,
        "ou: " + name,
        "nhsOrgType: pharmacy",
        "nhsOrgStatus: active",
        "l: Leeds",
        "postalCode: LS2 7AB",
        "nhsDsptStatus: standardsMet");
  }

  private static String generatedPassword(List<String> printed, String dn) {
    for (String line : printed) {
      Matcher m = GENERATED.matcher(line);
      if (m.find() && m.group(1).equals(dn)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no generated password printed for " + dn + ": " + printed);
  }

  private static List<String> with(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  /** DNs in normalised form, so that they compare as DNs. */
  private static Set<String> normalised(String... dns) throws LDAPException {
    Set<String> set = new TreeSet<>();
    for (String dn : dns) {
      set.add(new DN(dn).toNormalizedString());
    }
    return set;
  }

  private static String last(List<String> lines) {
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }
}
