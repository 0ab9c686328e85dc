package uk.nhs.peoplefinder.cli;

import com.unboundid.ldap.sdk.Entry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;
import uk.nhs.peoplefinder.provisioning.ComplianceCheck;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * {@code report}: loads the directory as {@code serve} does and prints every organisation's open
 * compliance problems (the values of {@code nhsComplianceIssue}), grouped by rule.
 */
final class ReportCommand {
  private ReportCommand() {}

  static String help() {
    return """
        usage: java -jar target/people-finder.jar report [options]

          --seed-data DIR     load the seed files (*.json, *.ldif) in DIR instead of the bundled
                              demo seed, exactly as 'serve --seed-data DIR' does

        Loads the directory (without listening) and prints one line per open compliance problem,
        grouped by rule (R-TOS, R-LEGACY, R-OWNER, R-LIMIT, R-OPEN-ORG):

          R-TOS FW844 (Parkway Pharmacy): pharmacy FW844's shared mailbox …

        then one summary line with the count per rule. Each line is a value of the computed
        attribute nhsComplianceIssue of the organisation, after its ODS code and name. Exit code 0 whether or not there are
        problems; 1 when the seed data cannot be loaded.
        """;
  }

  static int run(List<String> args, PrintStream out) {
    PeopleFinderServer.Builder builder = PeopleFinderServer.builder();
    for (int i = 0; i < args.size(); i++) {
      String option = args.get(i);
      switch (option) {
        case "--help", "-h" -> {
          out.print(help());
          return Main.OK;
        }
        case "--seed-data" -> builder.seedData(Path.of(Main.optionValue(args, ++i, option)));
        default -> throw new Main.UsageError("unknown option '" + option + "'");
      }
    }
    // NOTE: the administrators' passwords are set (or generated) as on every start, and not
    // printed: nobody can bind to a directory that is not listening.
    DirectoryStore store = builder.load();
    Map<String, List<Line>> byRule = new LinkedHashMap<>();
    for (String rule : ComplianceCheck.RULES) {
      byRule.put(rule, new ArrayList<>());
    }
    ComplianceCheck check = ComplianceCheck.of(store);
    int organisations = 0;
    int failing = 0;
    for (String key : organisations(store)) {
      organisations++;
      List<String> issues = check.issues(key);
      if (issues.isEmpty()) {
        continue;
      }
      failing++;
      Entry org = store.get(key);
      String code = org.getAttributeValue(Attr.NHS_ODS_CODE);
      String label = code + " (" + org.getAttributeValue(Attr.OU) + ")";
      for (String issue : issues) {
        int colon = issue.indexOf(':');
        String rule = issue.substring(0, colon);
        byRule
            .computeIfAbsent(rule, r -> new ArrayList<>())
            .add(new Line(code, rule + " " + label + ": " + issue.substring(colon + 2)));
      }
    }
    StringBuilder summary = new StringBuilder("summary:");
    int total = 0;
    for (Map.Entry<String, List<Line>> group : byRule.entrySet()) {
      group.getValue().sort(Comparator.comparing(Line::odsCode)); // stable: an organisation's own order stays
      for (Line line : group.getValue()) {
        out.println(line.text());
      }
      summary.append(' ').append(group.getKey()).append(' ').append(group.getValue().size()).append(',');
      total += group.getValue().size();
    }
    summary.setLength(summary.length() - 1);
    out.println(summary + "; " + total + (total == 1 ? " problem" : " problems") + " in " + failing + " of "
        + organisations + " organisations");
    out.flush();
    return Main.OK;
  }

  /**
   * Keys of every organisation, sector by sector in DN order: the children of ou=Organisations
   * and of its sector containers.
   */
  private static List<String> organisations(DirectoryStore store) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> sectors = store.children(store.key(Attr.ORGANISATIONS_DN)); sectors.hasNext(); ) {
      String sector = sectors.next();
      Entry entry = store.get(sector);
      if (EntryKind.of(entry) == EntryKind.ORGANISATION) {
        keys.add(sector);
        continue;
      }
      for (Iterator<String> orgs = store.children(sector); orgs.hasNext(); ) {
        String org = orgs.next();
        if (EntryKind.of(store.get(org)) == EntryKind.ORGANISATION) {
          keys.add(org);
        }
      }
    }
    return keys;
  }

  private record Line(String odsCode, String text) {}
}
