package uk.nhs.peoplefinder.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as Markdown: one row per workload, each server's columns side by side, then notes. */
final class ResultTable {
  private static final String[] COLUMNS = {"searches/s", "p50 ms", "p99 ms", "avg entries", "at size limit"};

  private ResultTable() {}

  static String render(List<Workload> workloads, Map<String, Map<Workload, Measurement>> results) {
    List<String> servers = new ArrayList<>(results.keySet());
    boolean several = servers.size() > 1;
    StringBuilder out = new StringBuilder();
    out.append("| workload |");
    for (String server : servers) {
      for (String column : COLUMNS) {
        out.append(' ').append(several ? server + " " + column : column).append(" |");
      }
    }
    out.append('\n').append("|---|");
    out.append("---:|".repeat(COLUMNS.length * servers.size())).append('\n');
    for (Workload workload : workloads) {
      out.append("| ").append(workload.id()).append(" |");
      for (String server : servers) {
        for (String cell : cells(results.get(server).get(workload))) {
          out.append(' ').append(cell).append(" |");
        }
      }
      out.append('\n');
    }
    out.append('\n').append("Workloads (subtree searches of dc=nhs,dc=net for ")
        .append(String.join(", ", Workload.ATTRIBUTES)).append("; size limit ")
        .append(SearchWorkloads.SIZE_LIMIT).append(" unless said):\n");
    for (Workload workload : workloads) {
      out.append("- ").append(workload.id()).append(": ").append(workload.sends()).append('\n');
    }
    List<String> notes = notes(workloads, results);
    if (!notes.isEmpty()) {
      out.append('\n').append("Notes:\n");
      notes.forEach(n -> out.append("- ").append(n).append('\n'));
    }
    return out.toString();
  }

  static String oneLine(Measurement m) {
    if (m.wasRefused()) {
      return "refused: " + m.refusal();
    }
    String[] c = cells(m);
    return String.format(
        Locale.ROOT,
        "%s searches/s, p50 %s ms, p99 %s ms, %s entries on average, %s at the size limit (%,d searches)%s",
        c[0], c[1], c[2], c[3], c[4], m.searches(),
        m.failures().isEmpty() ? "" : ", failures " + m.failures().keySet());
  }

  private static String[] cells(Measurement m) {
    if (m == null) {
      return new String[] {"", "", "", "", ""};
    }
    if (m.wasRefused()) {
      String code = m.refusal().substring(0, m.refusal().indexOf(')') + 1);
      return new String[] {"refused: " + code, "—", "—", "—", "—"};
    }
    return new String[] {
      rate(m.searchesPerSecond()),
      millis(m.percentileMillis(50)),
      millis(m.percentileMillis(99)),
      String.format(Locale.ROOT, "%.1f", m.averageEntries()),
      m.searches() == 0 ? "—" : String.format(Locale.ROOT, "%.0f %%", 100.0 * m.sizeLimitHits() / m.searches())
    };
  }

  private static List<String> notes(List<Workload> workloads, Map<String, Map<Workload, Measurement>> results) {
    List<String> notes = new ArrayList<>();
    for (Workload workload : workloads) {
      for (Map.Entry<String, Map<Workload, Measurement>> server : results.entrySet()) {
        Measurement m = server.getValue().get(workload);
        if (m == null) {
          continue;
        }
        String who = workload.id() + ", " + server.getKey() + ": ";
        if (m.wasRefused()) {
          notes.add(who + "refused, " + m.refusal());
          continue;
        }
        if (m.note() != null && !m.note().isEmpty()) {
          notes.add(who + m.note());
        }
        m.failures().forEach(
            (code, failure) ->
                notes.add(String.format(Locale.ROOT, "%s%,d of %,d searches failed: %s", who, failure.count(), m.searches(), failure.firstMessage())));
        if (m.vlvNewLists() > 0) {
          notes.add(String.format(Locale.ROOT,
              "%s%,d of %,d pages came back with a new context ID: the server had dropped the list and sorted again",
              who, m.vlvNewLists(), m.searches()));
        }
        if (m.searches() > 0 && m.entries() == 0) {
          notes.add(who + "every search succeeded with no entries");
        }
      }
    }
    return notes;
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : "%.1f", perSecond);
  }

  private static String millis(double ms) {
    return String.format(Locale.ROOT, ms >= 100 ? "%,.0f" : ms >= 10 ? "%.1f" : "%.2f", ms);
  }
}
