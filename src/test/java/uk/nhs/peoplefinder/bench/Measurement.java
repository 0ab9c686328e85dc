package uk.nhs.peoplefinder.bench;

import java.util.Map;

/**
 * What one workload did on one server.
 *
 * @param searches searches completed in the measured window
 * @param seconds length of the measured window (until the last of them completed)
 * @param sortedNanos their latencies, ascending
 * @param entries entries returned by all of them
 * @param sizeLimitHits how many ended with sizeLimitExceeded (4), counted as answered
 * @param vlvNewLists VLV pages sent with a context ID that came back with another one: the server
 *     had dropped the list and sorted again
 * @param failures result codes other than success and sizeLimitExceeded, with a count and the
 *     first message each, e.g. {@code unavailableCriticalExtension (12)}
 * @param refusal when the first request was refused outright (no timing then): result code and message
 * @param note anything else worth a reader's attention (a missing VLV response control, …), or null
 */
record Measurement(
    long searches,
    double seconds,
    long[] sortedNanos,
    long entries,
    long sizeLimitHits,
    long vlvNewLists,
    Map<String, Failure> failures,
    String refusal,
    String note) {

  record Failure(long count, String firstMessage) {}

  static Measurement refused(String refusal) {
    return new Measurement(0, 0, new long[0], 0, 0, 0, Map.of(), refusal, null);
  }

  boolean wasRefused() {
    return refusal != null;
  }

  double searchesPerSecond() {
    return seconds > 0 ? searches / seconds : 0;
  }

  /** Nearest-rank percentile in milliseconds (p in 0..100). */
  double percentileMillis(double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
  }

  double averageEntries() {
    long answered = searches - failures.values().stream().mapToLong(Failure::count).sum();
    return answered > 0 ? (double) entries / answered : 0;
  }
}
