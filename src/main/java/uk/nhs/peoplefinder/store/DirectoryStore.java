package uk.nhs.peoplefinder.store;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The compact in-memory directory: entries kept encoded, keyed by normalised DN, with a
 * parent→children tree for one-level and subtree scopes and exact-value indexes for a few
 * attributes.
 *
 * <p>Concurrency: one writer at a time ({@link #apply} is synchronized; the write pipeline
 * serialises writers above it), any number of lock-free readers. A reader sees each entry either
 * before or after a batch, and an entry is reachable through the tree and the indexes only once
 * it is stored. A search that runs while a batch is applied may see some entries of that batch
 * and not others; it never sees a torn entry.
 */
public final class DirectoryStore {
  private final Schema schema;
  private final EntryCodec codec;
  private final Set<String> suffixKeys;
  private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
  private final Map<String, ValueIndex> indexes = new HashMap<>();
  private final ConcurrentHashMap<String, String> canonicalNames = new ConcurrentHashMap<>();
  private final List<Consumer<List<StoreOp>>> listeners = new CopyOnWriteArrayList<>();
  private volatile long generation;

  /**
   * @param suffixes DNs of the naming contexts: the only entries that may be stored without a
   *     parent
   * @param indexedAttributes attributes given an exact-value index (by any of their names)
   */
  public DirectoryStore(Schema schema, Collection<String> suffixes, Collection<String> indexedAttributes) {
    this.schema = schema;
    this.codec = new EntryCodec(schema);
    Set<String> keys = new LinkedHashSet<>();
    for (String suffix : suffixes) {
      keys.add(key(suffix));
    }
    this.suffixKeys = Set.copyOf(keys);
    for (String attribute : indexedAttributes) {
      String canonical = canonicalName(attribute);
      indexes.put(canonical, new ValueIndex());
    }
  }

  public Schema schema() {
    return schema;
  }

  /** The normalised form of a DN, as used for keys. */
  public String key(String dn) {
    try {
      return new DN(dn, schema).toNormalizedString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a valid DN: " + dn, e);
    }
  }

  public static String key(DN dn) {
    return dn.toNormalizedString();
  }

  public boolean contains(String key) {
    return nodes.containsKey(key);
  }

  /** A fresh, modifiable copy of the entry, or null. */
  public Entry get(String key) {
    Node node = nodes.get(key);
    if (node == null) {
      return null;
    }
    byte[] data = node.data;
    return data == null ? null : codec.decode(data);
  }

  /** The DN of a stored entry as it was written (not normalised), or null. */
  public String displayDn(String key) {
    Node node = nodes.get(key);
    return node == null ? null : codec.dn(node.data);
  }

  /** The closest existing ancestor of a DN, as stored, or null (for an LDAP result's matchedDN). */
  public String matchedDn(DN dn) {
    for (DN parent = dn.getParent(); parent != null && !parent.isNullDN(); parent = parent.getParent()) {
      String stored = displayDn(key(parent));
      if (stored != null) {
        return stored;
      }
    }
    return null;
  }

  public int childCount(String key) {
    Node node = nodes.get(key);
    if (node == null) {
      return 0;
    }
    ConcurrentSkipListMap<String, Node> children = node.children;
    return children == null ? 0 : children.size();
  }

  public boolean isSuffix(String key) {
    return suffixKeys.contains(key);
  }

  public Set<String> suffixKeys() {
    return suffixKeys;
  }

  public int size() {
    return nodes.size();
  }

  /** Incremented by every applied batch. */
  public long generation() {
    return generation;
  }

  /** Keys of the immediate children, in normalised-DN order; weakly consistent. */
  public Iterator<String> children(String key) {
    Node node = nodes.get(key);
    if (node == null || node.children == null) {
      return java.util.Collections.emptyIterator();
    }
    return node.children.keySet().iterator();
  }

  /** Keys of the entry and all its descendants, parents before children; weakly consistent. */
  public Iterator<String> subtree(String key) {
    Node root = nodes.get(key);
    if (root == null) {
      return java.util.Collections.emptyIterator();
    }
    return new SubtreeIterator(root);
  }

  public boolean isIndexed(String attribute) {
    return indexes.containsKey(canonicalName(attribute));
  }

  /**
   * Keys of entries that may hold this value (a superset of the exact matches), or null when the
   * attribute is not indexed.
   */
  public List<String> lookup(String attribute, String value) {
    String canonical = canonicalName(attribute);
    ValueIndex index = indexes.get(canonical);
    if (index == null) {
      return null;
    }
    return index.lookup(IndexKeys.of(schema, canonical, value));
  }

  /** Called after every applied batch, still inside the write; for indexes and journals. */
  public void addListener(Consumer<List<StoreOp>> listener) {
    listeners.add(listener);
  }

  /**
   * Applies a batch atomically with respect to failure: it is checked whole against the tree
   * (parents exist, removed entries are leaves) before anything changes.
   *
   * @throws IllegalStateException when the batch would break the tree; nothing is applied then
   */
  public synchronized void apply(List<StoreOp> ops) {
    List<DN> dns = new ArrayList<>(ops.size());
    for (StoreOp op : ops) {
      dns.add(op instanceof StoreOp.Put put ? parsedDn(put.entry()) : null);
    }
    check(ops, dns);
    for (int i = 0; i < ops.size(); i++) {
      StoreOp op = ops.get(i);
      if (op instanceof StoreOp.Put put) {
        put(put.entry(), dns.get(i));
      } else if (op instanceof StoreOp.Remove remove) {
        remove(remove.key());
      }
    }
    generation++;
    for (Consumer<List<StoreOp>> listener : listeners) {
      listener.accept(ops);
    }
  }

  private void check(List<StoreOp> ops, List<DN> dns) {
    Map<String, Boolean> exists = new HashMap<>();
    Map<String, Integer> childDelta = new HashMap<>();
    for (int i = 0; i < ops.size(); i++) {
      StoreOp op = ops.get(i);
      if (op instanceof StoreOp.Put) {
        DN dn = dns.get(i);
        String key = key(dn);
        if (!existsIn(exists, key)) {
          String parentKey = parentKey(dn);
          if (!suffixKeys.contains(key) && (parentKey == null || !existsIn(exists, parentKey))) {
            throw new IllegalStateException("no parent for " + dn);
          }
          if (parentKey != null) {
            childDelta.merge(parentKey, 1, Integer::sum);
          }
        }
        exists.put(key, true);
      } else if (op instanceof StoreOp.Remove remove) {
        String key = remove.key();
        if (!existsIn(exists, key)) {
          throw new IllegalStateException("no entry " + key);
        }
        if (childCount(key) + childDelta.getOrDefault(key, 0) > 0) {
          throw new IllegalStateException("entry has children: " + key);
        }
        exists.put(key, false);
        Node node = nodes.get(key);
        if (node != null && node.parent != null) {
          childDelta.merge(node.parent.key, -1, Integer::sum);
        }
      }
    }
  }

  private boolean existsIn(Map<String, Boolean> overlay, String key) {
    Boolean pending = overlay.get(key);
    return pending != null ? pending : nodes.containsKey(key);
  }

  private void put(Entry entry, DN dn) {
    String key = key(dn);
    byte[] data = codec.encode(entry);
    Node existing = nodes.get(key);
    if (existing != null) {
      Entry old = codec.decode(existing.data);
      unindex(old, key);
      existing.data = data;
      index(entry, key);
      return;
    }
    String parentKey = parentKey(dn);
    Node parent = parentKey == null ? null : nodes.get(parentKey);
    Node node = new Node(key, parent, data);
    index(entry, key);
    nodes.put(key, node);
    if (parent != null) {
      parent.addChild(node);
    }
  }

  private void remove(String key) {
    Node node = nodes.remove(key);
    if (node.parent != null) {
      node.parent.removeChild(node);
    }
    unindex(codec.decode(node.data), key);
  }

  private void index(Entry entry, String key) {
    forEachIndexedValue(entry, (index, value) -> index.add(value, key));
  }

  private void unindex(Entry entry, String key) {
    forEachIndexedValue(entry, (index, value) -> index.remove(value, key));
  }

  private void forEachIndexedValue(Entry entry, java.util.function.BiConsumer<ValueIndex, String> action) {
    for (Attribute attribute : entry.getAttributes()) {
      String canonical = canonicalName(attribute.getBaseName());
      ValueIndex index = indexes.get(canonical);
      if (index == null) {
        continue;
      }
      for (String value : attribute.getValues()) {
        action.accept(index, IndexKeys.of(schema, canonical, value));
      }
    }
  }

  private String canonicalName(String attribute) {
    return canonicalNames.computeIfAbsent(
        attribute,
        a -> {
          AttributeTypeDefinition type = schema.getAttributeType(a);
          return type == null ? a.toLowerCase(Locale.ROOT) : type.getNameOrOID().toLowerCase(Locale.ROOT);
        });
  }

  private DN parsedDn(Entry entry) {
    try {
      return new DN(entry.getDN(), schema);
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a valid DN: " + entry.getDN(), e);
    }
  }

  private String parentKey(DN dn) {
    DN parent = dn.getParent();
    return parent == null || parent.isNullDN() ? null : key(parent);
  }

  /** One stored entry and its place in the tree. */
  private static final class Node {
    final String key;
    final Node parent;
    volatile byte[] data;
    volatile ConcurrentSkipListMap<String, Node> children;

    Node(String key, Node parent, byte[] data) {
      this.key = key;
      this.parent = parent;
      this.data = data;
    }

    void addChild(Node child) {
      if (children == null) {
        children = new ConcurrentSkipListMap<>();
      }
      children.put(child.key, child);
    }

    void removeChild(Node child) {
      ConcurrentSkipListMap<String, Node> current = children;
      if (current != null) {
        current.remove(child.key);
        if (current.isEmpty()) {
          children = null;
        }
      }
    }
  }

  /** Depth-first, parents first, without recursion. */
  private static final class SubtreeIterator implements Iterator<String> {
    private final Deque<Iterator<Node>> stack = new ArrayDeque<>();
    private Node next;

    SubtreeIterator(Node root) {
      next = root;
    }

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      while (!stack.isEmpty()) {
        Iterator<Node> top = stack.peek();
        if (top.hasNext()) {
          next = top.next();
          return true;
        }
        stack.pop();
      }
      return false;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Node current = next;
      next = null;
      ConcurrentSkipListMap<String, Node> children = current.children;
      if (children != null) {
        stack.push(children.values().iterator());
      }
      return current.key;
    }
  }

  /** For diagnostics and tests: every key, unordered. */
  List<String> allKeys() {
    return new ArrayList<>(nodes.keySet());
  }
}
