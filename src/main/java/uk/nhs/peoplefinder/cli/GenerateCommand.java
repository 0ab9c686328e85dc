package uk.nhs.peoplefinder.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.seed.SeedGenerator;

/** {@code generate}: writes a synthetic directory of a chosen size as JSON seed files. */
final class GenerateCommand {
  private static final Pattern GENERATED = Pattern.compile("organisations-\\d{5}\\.json");

  private GenerateCommand() {}

  static String help() {
    return String.format(Locale.ROOT, """
        usage: java -jar target/people-finder.jar generate --users N --out DIR [options]

          --users N      accounts to create, personal and application (1 to %,d)
          --out DIR      directory for the seed files (created if missing)
          --seed S       random seed, any whole number (default 1); the same seed and --users
                         always give byte-identical files
          --force        replace the seed files of an earlier run in DIR

        Writes organisations-00001.json, organisations-00002.json … (5,000 organisations each) in
        the JSON seed format, for 'serve --seed-data DIR'. Sectors follow England's mix: care
        about 45%% of organisations, pharmacy 20%%, dental 18%%, GP 10%%, trusts and their sites 3%%,
        other providers 4%%, and up to 42 ICBs, with about 24 accounts per organisation. Every file
        sets the demo password "%s" for its active accounts (PEOPLE_FINDER_SEED_PASSWORD
        replaces it when the server loads them).
        DIR must not already hold seed files (*.json, *.ldif: the server would load them together);
        with --force, the organisations-NNNNN.json files of an earlier run are deleted first, and
        any other seed file is still refused.
        """, SeedGenerator.MAX_USERS, SeedGenerator.DEFAULT_PASSWORD);
  }

  static int run(List<String> args, PrintStream out) {
    Integer users = null;
    long seed = 1;
    Path dir = null;
    boolean force = false;
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          out.print(help());
          return Main.OK;
        }
        case "--users" -> users = users(Main.optionValue(args, ++i, option));
        case "--seed" -> seed = seed(Main.optionValue(args, ++i, option));
        case "--out" -> dir = Path.of(Main.optionValue(args, ++i, option));
        case "--force" -> force = true;
        default -> throw new Main.UsageError("unknown option '" + option + "'");
      }
    }
    if (users == null) {
      throw new Main.UsageError("--users is required");
    }
    if (dir == null) {
      throw new Main.UsageError("--out is required");
    }
    prepare(dir, force);

    long start = System.nanoTime();
    SeedGenerator.Summary summary;
    try {
      summary = new SeedGenerator(seed).write(users, dir);
    } catch (IOException e) {
      throw new StartupFailure("cannot write seed files to " + dir + ": " + e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(Locale.ROOT,
        "generated %d organisations and %d accounts (%d application) in %d %s in %s (%.1f MB, %.1f s)%n",
        summary.organisations(), summary.accounts(), summary.applications(), summary.files(),
        summary.files() == 1 ? "file" : "files", dir, summary.bytes() / 1e6, seconds);
    out.flush();
    return Main.OK;
  }

  /** Creates the directory, or checks that it holds no seed files but, with --force, our own. */
  private static void prepare(Path dir, boolean force) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StartupFailure("cannot create output directory " + dir + ": " + e.getMessage(), e);
    }
    List<Path> generated = new ArrayList<>();
    List<Path> others = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{json,ldif}")) {
      for (Path file : files) {
        (GENERATED.matcher(file.getFileName().toString()).matches() ? generated : others).add(file);
      }
    } catch (IOException e) {
      throw new StartupFailure("cannot read output directory " + dir + ": " + e.getMessage(), e);
    }
    others.sort(null);
    generated.sort(null);
    if (!others.isEmpty()) {
      throw new Main.UsageError(dir + " already holds " + others.get(0).getFileName()
          + ", which the server would load with the generated files; choose an empty directory");
    }
    if (!generated.isEmpty() && !force) {
      throw new Main.UsageError(dir + " already holds seed files (" + generated.get(0).getFileName()
          + " …); add --force to replace them, or choose an empty directory");
    }
    for (Path file : generated) {
      try {
        Files.delete(file);
      } catch (IOException e) {
        throw new StartupFailure("cannot delete " + file + ": " + e.getMessage(), e);
      }
    }
  }


  private static int users(String text) {
    try {
      int users = Integer.parseInt(text.replace("_", ""));
      if (users < 1 || users > SeedGenerator.MAX_USERS) {
        throw new Main.UsageError("--users must be between 1 and " + SeedGenerator.MAX_USERS + ", not " + text);
      }
      return users;
    } catch (NumberFormatException e) {
      throw new Main.UsageError("--users must be a number, not '" + text + "'");
    }
  }

  private static long seed(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new Main.UsageError("--seed must be a whole number, not '" + text + "'");
    }
  }
}
