package uk.nhs.peoplefinder.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;

/** {@code serve}: loads the directory, starts listening, and stops cleanly on Ctrl-C. */
final class ServeCommand {
  /** {@code serve}'s idle timeout unless --idle-timeout says otherwise: 15 minutes. */
  static final int SERVE_IDLE_TIMEOUT_SECONDS = 900;

  private ServeCommand() {}

  static String help() {
    return """
        usage: java -jar target/people-finder.jar serve [options]

          --port N            port to listen on (default 1389; 0 picks a free port)
          --bind-address A    address to listen on (default 127.0.0.1)
          --seed-data DIR     load the seed files (*.json, *.ldif) in DIR, in name order, instead
                              of the bundled demo seed (docs/seed-data.md)
          --data-dir DIR      directory for the server's own files (created if missing): the
                              generated TLS certificate, later the journal; until then every
                              start begins from the seed
          --anonymous-read    let clients read the directory without binding (for test fixtures)
          --size-limit N      most entries one search returns (default 0: no limit)
          --time-limit S      most seconds one search may take (default 0: no limit)
          --max-connections N most open connections per listener (default 1000; 0: no limit)
          --max-connections-per-address N
                              most open connections from one client address (default 100;
                              0: no limit); the next gets a notice of disconnection, busy (51)
          --idle-timeout S    close a connection that sends no request for S seconds, with a
                              notice of disconnection, unavailable (52) (default 900; 0: never)
          --ldaps-port N      also listen for LDAPS on port N (default: off; 0 picks a free port).
                              StartTLS is always offered on --port.
          --keystore FILE     TLS key and certificate (PKCS12 or JKS) instead of a generated
                              self-signed one (generated into DATA-DIR/tls/server.p12 and reused,
                              or in memory per start without --data-dir)
          --keystore-password-file FILE
                              file holding the --keystore password (one line)
          --require-tls-for-binds
                              refuse binds with a password unless the connection uses TLS (LDAPS
                              or StartTLS): confidentialityRequired (13); anonymous binds still work

        The NAS administrator's and the helpdesk's passwords come from PEOPLE_FINDER_ADMIN_PASSWORD
        and PEOPLE_FINDER_HELPDESK_PASSWORD; when unset, random ones are generated and printed once.
        PEOPLE_FINDER_SEED_PASSWORD replaces the seed files' default password for active people.
        Once ready the server prints 'listening on ldap://HOST:PORT'.
        """;
  }

  static int run(List<String> args, PrintStream out) {
    PeopleFinderServer.Builder builder = PeopleFinderServer.builder().idleTimeoutSeconds(SERVE_IDLE_TIMEOUT_SECONDS);
    Path keystore = null;
    Path keystorePasswordFile = null;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          out.print(help());
          return Main.OK;
        }
        case "--port" -> builder.port(intValue(option, Main.optionValue(args, ++i, option), 0, 65535));
        case "--bind-address" -> builder.bindAddress(Main.optionValue(args, ++i, option));
        case "--seed-data" -> builder.seedData(Path.of(Main.optionValue(args, ++i, option)));
        case "--data-dir" -> {
          Path dir = Path.of(Main.optionValue(args, ++i, option));
          prepareDataDir(dir);
          builder.dataDir(dir);
        }
        case "--anonymous-read" -> builder.anonymousRead(true);
        case "--size-limit" -> builder.sizeLimit(intValue(option, Main.optionValue(args, ++i, option), 0, Integer.MAX_VALUE));
        case "--time-limit" -> builder.timeLimitSeconds(intValue(option, Main.optionValue(args, ++i, option), 0, Integer.MAX_VALUE));
        case "--max-connections" -> builder.maxConnections(intValue(option, Main.optionValue(args, ++i, option), 0, Integer.MAX_VALUE));
        case "--max-connections-per-address" ->
            builder.maxConnectionsPerAddress(intValue(option, Main.optionValue(args, ++i, option), 0, Integer.MAX_VALUE));
        case "--idle-timeout" -> builder.idleTimeoutSeconds(intValue(option, Main.optionValue(args, ++i, option), 0, Integer.MAX_VALUE));
        case "--ldaps-port" -> builder.ldapsPort(intValue(option, Main.optionValue(args, ++i, option), 0, 65535));
        case "--keystore" -> keystore = Path.of(Main.optionValue(args, ++i, option));
        case "--keystore-password-file" -> keystorePasswordFile = Path.of(Main.optionValue(args, ++i, option));
        case "--require-tls-for-binds" -> builder.requireTlsForBinds(true);
        default -> throw new Main.UsageError("unknown option '" + option + "'");
      }
    }
    if ((keystore == null) != (keystorePasswordFile == null)) {
      throw new Main.UsageError("--keystore and --keystore-password-file go together");
    }
    if (keystore != null) {
      builder.keystore(keystore, keystorePasswordFile);
    }
    PeopleFinderServer server = builder.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  out.println("stopped");
                  out.flush();
                },
                "people-finder-shutdown"));
    out.println("People Finder: " + server.store().size() + " entries loaded");
    out.println("base DN:  " + Attr.BASE_DN);
    out.println("admin DN: " + Attr.NAS_ADMIN_DN + " (helpdesk: " + Attr.HELPDESK_DN + ")");
    for (String line : server.generatedPasswords()) {
      out.println(line);
    }
    out.println("try:      ldapsearch -x -H " + server.url() + " -D " + Attr.NAS_ADMIN_DN
        + " -w <password> -b " + Attr.BASE_DN + " \"(nhsOdsCode=FA123)\"");
    if (server.ldapsUrl() != null) {
      out.println("ldaps:    " + server.ldapsUrl() + " (certificate SHA-256 " + server.tlsFingerprint() + ")");
    }
    out.println("listening on " + server.url());
    out.flush();
    return Main.OK;
  }


  private static int intValue(String option, String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new Main.UsageError(option + " must be between " + min + " and " + max + ", not " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new Main.UsageError(option + " must be a number, not '" + text + "'");
    }
  }

  private static void prepareDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StartupFailure("cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(dir)) {
      throw new StartupFailure("data directory " + dir + " is not writable");
    }
  }
}
