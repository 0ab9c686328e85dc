package uk.nhs.peoplefinder.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import uk.nhs.peoplefinder.directory.StartupFailure;

/** The {@code people-finder} command line: picks the subcommand; the only place that exits. */
public final class Main {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != OK || args.length == 0 || !args[0].equals("serve")) {
      System.exit(status);
    }
  }

  /** Runs a command; for {@code serve}, returns once the server is listening. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || isHelp(args[0])) {
      out.print(usage());
      return args.length == 0 ? USAGE : OK;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      return switch (args[0]) {
        case "serve" -> ServeCommand.run(rest, out);
        case "generate" -> GenerateCommand.run(rest, out);
        case "report" -> ReportCommand.run(rest, out);
        default -> {
          err.println("people-finder: unknown command '" + args[0] + "'; try --help");
          yield USAGE;
        }
      };
    } catch (UsageError e) {
      err.println("people-finder " + args[0] + ": " + e.getMessage() + "; try " + args[0] + " --help");
      return USAGE;
    } catch (StartupFailure e) {
      err.println("people-finder " + args[0] + ": " + e.getMessage());
      return FAILED;
    }
  }

  static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h") || arg.equals("help");
  }

  static String usage() {
    return """
        usage: java -jar target/people-finder.jar <command> [options]

        commands:
          serve     start the LDAP server on the bundled seed data (serve --help for options)
          generate  write a synthetic directory of N accounts as JSON seed files (generate --help)
          report    list every organisation's open compliance problems (report --help)

        """;
  }

  /** The value after an option, as every command reads it. */
  static String optionValue(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new UsageError(option + " needs a value");
    }
    return args.get(index);
  }

  /** A command line that cannot be understood; reported with exit code 2. */
  static final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }
}
