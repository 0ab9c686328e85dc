package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Runs OpenLDAP's command-line clients ({@code ldapsearch}, {@code ldapmodify}, …) as real
 * processes, with a bounded wait, for tests that check the server works with the tools people use.
 */
public final class OpenLdapTool {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private OpenLdapTool() {}

  /** What one run of a tool produced. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    /** Command, exit code and output, for assertion messages. */
    public String describe() {
      return String.join(" ", command) + "\nexit code " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    /** The DNs of the entries in LDIF output, in order (base64 DNs decoded). */
    public List<String> dns() {
      List<String> dns = new ArrayList<>();
      for (String line : stdout.split("\n")) {
        if (line.startsWith("dn:: ")) {
          dns.add(new String(Base64.getDecoder().decode(line.substring(5).trim()), StandardCharsets.UTF_8));
        } else if (line.startsWith("dn: ")) {
          dns.add(line.substring(4));
        }
      }
      return dns;
    }
  }

  /**
   * Fails the calling test, rather than skipping it, when a tool is not installed: the tests that
   * use it are part of the contract with real clients.
   */
  public static void requireInstalled(String... tools) {
    for (String tool : tools) {
      if (locate(tool).isEmpty()) {
        fail(tool + " was not found on PATH (" + System.getenv("PATH") + "): install the OpenLDAP client"
            + " tools to run these tests (Debian/Ubuntu: apt-get install ldap-utils; Fedora/RHEL: dnf install"
            + " openldap-clients; macOS: brew install openldap). CI installs ldap-utils.");
      }
    }
  }

  /** {@code -x -H <url> -D <NAS administrator> -w <password>}: a simple bind as the NAS administrator. */
  public static List<String> asAdmin(String url, String password) {
    return List.of("-x", "-H", url, "-D", Attr.NAS_ADMIN_DN, "-w", password);
  }

  /** Runs a tool with no standard input and the default timeout. */
  public static Result run(String tool, List<String> args) {
    return run(tool, args, null, DEFAULT_TIMEOUT);
  }

  /**
   * Runs a tool and waits for it at most {@code timeout}; a tool still running then is killed and
   * the test fails with what it had printed so far.
   *
   * @param stdin text for the tool's standard input, or null for none
   */
  public static Result run(String tool, List<String> args, String stdin, Duration timeout) {
    requireInstalled(tool);
    List<String> command = new ArrayList<>();
    command.add(tool);
    command.addAll(args);
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("openldap-", ".out");
      err = Files.createTempFile("openldap-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      // Test servers speak plain LDAP, but a developer's ldap.conf may ask for certificate checks.
      builder.environment().put("LDAPTLS_REQCERT", "never");
      if (stdin == null) {
        builder.redirectInput(new File("/dev/null"));
      }
      Process process = builder.start();
      if (stdin != null) {
        try (OutputStream in = process.getOutputStream()) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        fail(String.join(" ", command) + " did not finish within " + timeout + "\n--- stdout\n"
            + Files.readString(out) + "--- stderr\n" + Files.readString(err));
      }
      return new Result(List.copyOf(command), process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + tool, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static Optional<Path> locate(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temporary file left behind is harmless; the test result is what matters.
    }
  }
}
