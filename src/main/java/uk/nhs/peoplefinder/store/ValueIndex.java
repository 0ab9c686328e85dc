package uk.nhs.peoplefinder.store;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact-value index of one attribute: index key → normalised DNs of the entries holding it.
 *
 * <p>Keys are deliberately coarser than the attribute's equality matching rule (see {@link
 * IndexKeys}), so a lookup returns a superset of the true matches that the caller then checks
 * with the real matching rule. Postings are immutable arrays swapped whole, so readers never lock.
 */
final class ValueIndex {
  private final ConcurrentHashMap<String, Object> postings = new ConcurrentHashMap<>();

  List<String> lookup(String key) {
    Object posting = postings.get(key);
    if (posting == null) {
      return List.of();
    }
    if (posting instanceof String single) {
      return List.of(single);
    }
    return Collections.unmodifiableList(Arrays.asList((String[]) posting));
  }

  /** Called only by the store's single writer. */
  void add(String key, String dnKey) {
    postings.merge(
        key,
        dnKey,
        (old, added) -> {
          if (old instanceof String single) {
            return single.equals(added) ? single : new String[] {single, (String) added};
          }
          String[] array = (String[]) old;
          for (String existing : array) {
            if (existing.equals(added)) {
              return array;
            }
          }
          String[] grown = Arrays.copyOf(array, array.length + 1);
          grown[array.length] = (String) added;
          return grown;
        });
  }

  /** Called only by the store's single writer. */
  void remove(String key, String dnKey) {
    postings.computeIfPresent(
        key,
        (k, old) -> {
          if (old instanceof String single) {
            return single.equals(dnKey) ? null : single;
          }
          String[] array = (String[]) old;
          int at = Arrays.asList(array).indexOf(dnKey);
          if (at < 0) {
            return array;
          }
          if (array.length == 2) {
            return array[1 - at];
          }
          String[] shrunk = new String[array.length - 1];
          System.arraycopy(array, 0, shrunk, 0, at);
          System.arraycopy(array, at + 1, shrunk, at, array.length - at - 1);
          return shrunk;
        });
  }
}
