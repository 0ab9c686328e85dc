package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.nhs.peoplefinder.directory.ParsedDns;
import uk.nhs.peoplefinder.store.DirectoryStore;
import uk.nhs.peoplefinder.store.StoreOp;

/**
 * The store as it will be once the staged operations are applied: lets the rules of a later change
 * in one batch (a transaction) see the effects of the earlier ones before anything is stored.
 */
final class StagedView implements DirectoryView {
  private final DirectoryStore store;
  private final RecentEntries recent; // null: read the store directly
  private final ParsedDns dns; // null: parse each DN
  // key → staged entry, or empty for a staged removal
  private final Map<String, Optional<Entry>> staged = new LinkedHashMap<>();
  private final List<StoreOp> ops = new ArrayList<>();

  StagedView(DirectoryStore store) {
    this(store, null, null);
  }

  StagedView(DirectoryStore store, RecentEntries recent, ParsedDns dns) {
    this.store = store;
    this.recent = recent;
    this.dns = dns;
  }

  void stage(List<StoreOp> newOps) {
    for (StoreOp op : newOps) {
      if (op instanceof StoreOp.Put put) {
        staged.put(keyOf(put.entry()), Optional.of(put.entry())); // readers get copies (get)
      } else if (op instanceof StoreOp.Remove remove) {
        staged.put(remove.key(), Optional.empty());
      }
      ops.add(op);
    }
  }

  List<StoreOp> ops() {
    return List.copyOf(ops);
  }

  /** The keys of the entries the staged operations put or remove. */
  Set<String> stagedKeys() {
    return staged.keySet();
  }

  @Override
  public Schema schema() {
    return store.schema();
  }

  @Override
  public Entry get(String key) {
    Optional<Entry> pending = staged.get(key);
    if (pending != null) {
      return pending.map(Entry::duplicate).orElse(null);
    }
    return recent != null ? recent.get(key) : store.get(key);
  }

  @Override
  public Entry read(String key) {
    Optional<Entry> pending = staged.get(key);
    if (pending != null) {
      return pending.orElse(null); // staged entries no longer change
    }
    return recent != null ? recent.read(key) : store.get(key);
  }

  @Override
  public String parentKey(DN dn) {
    return dns != null ? dns.parentKey(dn) : DirectoryView.super.parentKey(dn);
  }

  @Override
  public boolean exists(String key) {
    Optional<Entry> pending = staged.get(key);
    return pending != null ? pending.isPresent() : store.contains(key);
  }

  @Override
  public int childCount(String key) {
    return children(key).size();
  }

  @Override
  public List<String> children(String key) {
    Set<String> children = new LinkedHashSet<>();
    for (Iterator<String> it = store.children(key); it.hasNext(); ) {
      children.add(it.next());
    }
    for (Map.Entry<String, Optional<Entry>> e : staged.entrySet()) {
      if (key.equals(parentKey(e.getKey()))) {
        if (e.getValue().isPresent()) {
          children.add(e.getKey());
        } else {
          children.remove(e.getKey());
        }
      }
    }
    return new ArrayList<>(children);
  }

  @Override
  public List<String> lookup(String attribute, String value) {
    List<String> stored = store.lookup(attribute, value);
    if (stored == null) {
      return null;
    }
    if (staged.isEmpty()) {
      return stored;
    }
    Set<String> keys = new LinkedHashSet<>(stored);
    for (Map.Entry<String, Optional<Entry>> e : staged.entrySet()) {
      keys.remove(e.getKey());
      if (e.getValue().isPresent() && e.getValue().get().hasAttribute(attribute)) {
        keys.add(e.getKey());
      }
    }
    return new ArrayList<>(keys);
  }

  private String keyOf(Entry entry) {
    // The store parses the same DN again when the batch is applied; this way it remembers it.
    return store.key(entry.getDN());
  }

  private String parentKey(String key) {
    try {
      DN parent = new DN(key, store.schema()).getParent();
      return parent == null ? null : parent.toNormalizedString();
    } catch (LDAPException e) {
      return null;
    }
  }
}
