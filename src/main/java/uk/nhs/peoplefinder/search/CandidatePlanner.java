package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Filter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * Chooses which entries a search must look at: the store's exact-value indexes answer equality
 * items (and ANDs and ORs of them); anything else means scanning the search scope. Candidates are
 * a superset; every one is still checked with {@link FilterEvaluator}.
 *
 * <p>The Lucene index of a later issue plugs in here for substring, approximate and ANR items.
 */
public final class CandidatePlanner {
  private final DirectoryStore store;

  public CandidatePlanner(DirectoryStore store) {
    this.store = store;
  }

  /** Keys of entries that may match, or null when the scope has to be scanned. */
  public Set<String> candidates(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_EQUALITY:
        {
          List<String> keys = store.lookup(filter.getAttributeName(), filter.getAssertionValue());
          return keys == null ? null : new LinkedHashSet<>(keys);
        }
      case Filter.FILTER_TYPE_AND:
        {
          Set<String> best = null;
          for (Filter component : filter.getComponents()) {
            Set<String> keys = candidates(component);
            if (keys != null && (best == null || keys.size() < best.size())) {
              best = keys;
            }
          }
          return best;
        }
      case Filter.FILTER_TYPE_OR:
        {
          if (filter.getComponents().length == 0) {
            return new LinkedHashSet<>();
          }
          Set<String> union = new LinkedHashSet<>();
          for (Filter component : filter.getComponents()) {
            Set<String> keys = candidates(component);
            if (keys == null) {
              return null;
            }
            union.addAll(keys);
          }
          return union;
        }
      default:
        return null;
    }
  }
}
