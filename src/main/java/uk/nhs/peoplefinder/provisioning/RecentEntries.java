package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * Stored entries the pipeline read lately, kept decoded, so that consecutive writes do not decode
 * the same ones again (an organisation, for each of its people; a mailbox's members, once per
 * rule that looks at them).
 *
 * <p>NOTE: what is remembered is exactly what the store holds: the memory is valid for one store
 * generation. The pipeline forgets the entries of each batch it applies and moves on to the
 * generation that batch published; any other change of generation (a batch applied by someone
 * else, a failed one) forgets everything.
 */
final class RecentEntries {
  private static final int CAPACITY = 1_024;

  private final DirectoryStore store;
  private final Map<String, ReadOnlyEntry> entries =
      new LinkedHashMap<>(CAPACITY * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReadOnlyEntry> eldest) {
          return size() > CAPACITY;
        }
      };
  private long generation;

  RecentEntries(DirectoryStore store) {
    this.store = store;
    this.generation = store.generation();
  }

  /** A modifiable copy of the stored entry, or null: what {@link DirectoryStore#get} gives. */
  Entry get(String key) {
    ReadOnlyEntry entry = read(key);
    return entry == null ? null : entry.duplicate(); // attributes are immutable: the copy may share them
  }

  /** The stored entry, shared and unmodifiable, or null. */
  synchronized ReadOnlyEntry read(String key) {
    long now = store.generation();
    if (now != generation) {
      entries.clear();
      generation = now;
    }
    ReadOnlyEntry entry = entries.get(key);
    if (entry == null) {
      Entry stored = store.get(key);
      if (stored == null) {
        return null;
      }
      entry = new ReadOnlyEntry(stored);
      entries.put(key, entry);
    }
    return entry;
  }

  /**
   * Called after the pipeline applied a batch that changed these keys, begun when the store was at
   * generation {@code before}.
   */
  synchronized void applied(Collection<String> keys, long before) {
    long now = store.generation();
    if (generation == before && now == before + 1) {
      for (String key : keys) {
        entries.remove(key);
      }
    } else {
      entries.clear();
    }
    generation = now;
  }
}
