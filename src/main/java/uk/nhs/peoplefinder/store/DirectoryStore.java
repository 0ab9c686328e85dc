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
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import uk.nhs.peoplefinder.directory.ParsedDns;

/**
 * The compact in-memory directory: entries kept encoded, keyed by normalised DN, with a
 * parent→children tree for one-level and subtree scopes and exact-value indexes for a few
 * attributes.
 *
 * <p>Concurrency: one writer at a time ({@link #apply} is synchronized; the write pipeline
 * serialises writers above it), any number of lock-free readers. A batch becomes visible at one
 * instant, all of it or none of it: every node carries the generation it was born in, and a
 * changed or removed entry keeps its current content until the batch is published, its new content
 * (or its removal) waiting beside it, stamped with the batch's generation. {@link #apply} stages the
 * whole batch (new nodes go into the map, the tree and the indexes at once, but unborn), then
 * publishes it with one volatile write of {@link #generation()}, then settles it (folds the new
 * contents in, drops removed nodes, retires index postings no version needs). Readers compare
 * stamps with the published generation, so no single read (get, contains, children, subtree,
 * childCount) sees part of a batch. A subtree or one-level walk skips an unborn node together
 * with everything below it, so a search that walks into a new organisation sees its whole subtree
 * or none of it. Index lookups return a superset of the matches (postings of a staged version may
 * be there early and retired ones late); a caller reads each candidate with {@link #get}, which
 * answers null for one not yet (or no longer) visible.
 *
 * <p>NOTE: a search is a sequence of reads, not a snapshot: one that runs while a batch is
 * published may read some entries before that instant and others after it, as it may with two
 * separate writes. What it never sees is an entry of a batch whose other entries are not yet there
 * when it reads them.
 */
public final class DirectoryStore {
  private final Schema schema;
  private final EntryCodec codec;
  private final ParsedDns dns;
  private final Set<String> suffixKeys;
  private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
  private final Map<String, ValueIndex> indexes = new HashMap<>();
  private final ConcurrentHashMap<String, String> canonicalNames = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  // The published generation: readers see the batches up to it. Written only by the writer.
  private volatile long generation;
  // The last batch begun, and the last one settled: equal when no batch is being applied.
  private volatile long started;
  private volatile long settled;

  /**
   * @param suffixes DNs of the naming contexts: the only entries that may be stored without a
   *     parent
   * @param indexedAttributes attributes given an exact-value index (by any of their names)
   */
  public DirectoryStore(Schema schema, Collection<String> suffixes, Collection<String> indexedAttributes) {
    this.schema = schema;
    this.codec = new EntryCodec(schema);
    this.dns = ParsedDns.of(schema);
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
      return dns.parse(dn).toNormalizedString();
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a valid DN: " + dn, e);
    }
  }

  public static String key(DN dn) {
    return dn.toNormalizedString();
  }

  public boolean contains(String key) {
    return visibleData(nodes.get(key)) != null;
  }

  /** A fresh, modifiable copy of the entry, or null. */
  public Entry get(String key) {
    byte[] data = visibleData(nodes.get(key));
    return data == null ? null : codec.decode(data);
  }

  /** The DN of a stored entry as it was written (not normalised), or null. */
  public String displayDn(String key) {
    byte[] data = visibleData(nodes.get(key));
    return data == null ? null : codec.dn(data);
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
    if (visibleData(node) == null) {
      return 0;
    }
    // NOTE: a seqlock: the map's size is the answer only if no batch was being applied while it
    // was read; otherwise the visible children are counted one by one (only ever during a write).
    long before = settled;
    if (started == before) {
      ConcurrentSkipListMap<String, Node> children = node.children;
      int size = children == null ? 0 : children.size();
      if (started == before) {
        return size;
      }
    }
    int count = 0;
    for (Iterator<String> it = children(key); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }

  public boolean isSuffix(String key) {
    return suffixKeys.contains(key);
  }

  public Set<String> suffixKeys() {
    return suffixKeys;
  }

  /** The number of entries; while a batch is being applied it may count its new entries early. */
  public int size() {
    return nodes.size();
  }

  /** Incremented by every applied batch, at the instant the batch becomes visible. */
  public long generation() {
    return generation;
  }

  /** Keys of the immediate children, in normalised-DN order; weakly consistent. */
  public Iterator<String> children(String key) {
    Node node = nodes.get(key);
    if (visibleData(node) == null || node.children == null) {
      return java.util.Collections.emptyIterator();
    }
    return new VisibleKeys(node.children.values().iterator());
  }

  /** Keys of the entry and all its descendants, parents before children; weakly consistent. */
  public Iterator<String> subtree(String key) {
    Node root = nodes.get(key);
    if (visibleData(root) == null) {
      return java.util.Collections.emptyIterator();
    }
    return new SubtreeIterator(root);
  }

  public boolean isIndexed(String attribute) {
    return indexes.containsKey(canonicalName(attribute));
  }

  /**
   * Keys of entries that may hold this value (a superset of the exact matches, possibly with keys
   * of entries not yet or no longer visible: read each with {@link #get}), or null when the
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

  /** Told of every applied batch, still inside the write; for indexes and journals. */
  public interface Listener {
    /**
     * @param ops the batch, as applied
     * @param keys the key of each op's entry (for a put, its normalised DN), in the same order
     */
    void applied(List<StoreOp> ops, List<String> keys);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Applies a batch atomically with respect to failure and to readers: it is checked whole against
   * the tree (parents exist, removed entries are leaves) before anything changes, and readers see
   * all of it from one instant on (see the class comment).
   *
   * @throws IllegalStateException when the batch would break the tree; nothing is applied then
   */
  public synchronized void apply(List<StoreOp> ops) {
    List<DN> dns = new ArrayList<>(ops.size());
    for (StoreOp op : ops) {
      dns.add(op instanceof StoreOp.Put put ? parsedDn(put.entry()) : null);
    }
    check(ops, dns);
    long next = generation + 1;
    started = next;
    Map<Node, List<Entry>> touched = new LinkedHashMap<>();
    try {
      for (int i = 0; i < ops.size(); i++) {
        StoreOp op = ops.get(i);
        if (op instanceof StoreOp.Put put) {
          stagePut(put.entry(), dns.get(i), next, touched);
        } else if (op instanceof StoreOp.Remove remove) {
          stageRemove(remove.key(), next, touched);
        }
      }
    } catch (RuntimeException e) {
      discard(next, touched);
      generation = next; // publishes nothing: every staged change was taken back
      settled = next;
      throw e;
    }
    generation = next; // the instant the whole batch becomes visible
    settle(next, touched);
    settled = next;
    if (!listeners.isEmpty()) {
      List<String> keys = new ArrayList<>(ops.size());
      for (int i = 0; i < ops.size(); i++) {
        keys.add(ops.get(i) instanceof StoreOp.Remove remove ? remove.key() : key(dns.get(i)));
      }
      for (Listener listener : listeners) {
        listener.applied(ops, keys);
      }
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
        // From the key, not the stored node: the entry may be one this batch added (a rename
        // moves a subtree that the same transaction filled).
        String parentKey = parentKey(parsedKey(key));
        if (parentKey != null) {
          childDelta.merge(parentKey, -1, Integer::sum);
        }
      }
    }
  }

  private boolean existsIn(Map<String, Boolean> overlay, String key) {
    Boolean pending = overlay.get(key);
    return pending != null ? pending : nodes.containsKey(key);
  }

  /**
   * The content a reader sees now, or null when the node is unborn or removed. NOTE: the
   * generation is read first: everything the writer staged before publishing it is then visible
   * here, and a node born later is not.
   */
  private byte[] visibleData(Node node) {
    if (node == null) {
      return null;
    }
    long published = generation;
    if (node.born > published) {
      return null;
    }
    Staged staged = node.staged;
    if (staged != null && staged.generation <= published) {
      return staged.data;
    }
    return node.data;
  }

  private boolean isVisible(Node node) {
    return visibleData(node) != null;
  }

  /**
   * A node born in this batch is invisible, so it is changed in place; an older node gets the new
   * content beside its current one, stamped with the batch's generation.
   */
  private void stagePut(Entry entry, DN dn, long batch, Map<Node, List<Entry>> touched) {
    String key = key(dn);
    byte[] data = codec.encode(entry);
    Node existing = nodes.get(key);
    if (existing != null) {
      List<Entry> versions = touched.computeIfAbsent(existing, n -> new ArrayList<>(List.of(codec.decode(current(n)))));
      if (existing.born == batch) {
        unindex(versions.get(versions.size() - 1), key);
        existing.data = data;
      } else {
        existing.staged = new Staged(batch, data);
      }
      versions.add(entry);
      index(entry, key);
      return;
    }
    String parentKey = parentKey(dn);
    Node parent = parentKey == null ? null : nodes.get(parentKey);
    Node node = new Node(key, parent, data, batch);
    touched.put(node, new ArrayList<>(List.of(entry)));
    index(entry, key);
    nodes.put(key, node);
    if (parent != null) {
      parent.addChild(node);
    }
  }

  private void stageRemove(String key, long batch, Map<Node, List<Entry>> touched) {
    Node node = nodes.get(key);
    List<Entry> versions = touched.computeIfAbsent(node, n -> new ArrayList<>(List.of(codec.decode(current(n)))));
    node.staged = new Staged(batch, null); // also for holders of a reference to a node born now
    if (node.born == batch) {
      unindex(versions.get(versions.size() - 1), key);
      detach(node);
      touched.remove(node);
    }
  }

  /** The writer's view of a node's latest content: staged in this batch, or settled. */
  private static byte[] current(Node node) {
    Staged staged = node.staged;
    return staged != null ? staged.data : node.data;
  }

  /** After publishing: fold the new contents in, drop removed nodes, retire unused postings. */
  private void settle(long batch, Map<Node, List<Entry>> touched) {
    for (Map.Entry<Node, List<Entry>> e : touched.entrySet()) {
      Node node = e.getKey();
      Staged staged = node.staged;
      if (staged == null || staged.generation != batch) {
        continue; // born in this batch: its content is already in place
      }
      List<Entry> versions = e.getValue();
      if (staged.data == null) {
        detach(node); // keeps its removal stamp for readers still holding it
        retire(versions, null, node.key);
      } else {
        node.data = staged.data;
        node.staged = null;
        retire(versions, versions.get(versions.size() - 1), node.key);
      }
    }
  }

  /** Takes back a batch that failed while being staged; nothing of it was ever published. */
  private void discard(long batch, Map<Node, List<Entry>> touched) {
    for (Map.Entry<Node, List<Entry>> e : touched.entrySet()) {
      Node node = e.getKey();
      List<Entry> versions = e.getValue();
      if (node.born == batch) {
        node.staged = new Staged(batch, null); // stays unseen by readers holding it
        unindex(versions.get(versions.size() - 1), node.key);
        detach(node);
      } else {
        node.staged = null;
        retire(versions, versions.get(0), node.key);
      }
    }
  }

  /** Removes the postings of every version that the kept one (null: none) does not also have. */
  private void retire(List<Entry> versions, Entry kept, String key) {
    Set<Posting> keep = new HashSet<>();
    if (kept != null) {
      forEachIndexedValue(kept, (index, value) -> keep.add(new Posting(index, value)));
    }
    for (Entry version : versions) {
      forEachIndexedValue(
          version,
          (index, value) -> {
            if (!keep.contains(new Posting(index, value))) {
              index.remove(value, key);
            }
          });
    }
  }

  private void detach(Node node) {
    nodes.remove(node.key, node);
    if (node.parent != null) {
      node.parent.removeChild(node);
    }
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
      return dns.parse(entry.getDN());
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a valid DN: " + entry.getDN(), e);
    }
  }

  private DN parsedKey(String key) {
    try {
      return dns.parse(key);
    } catch (LDAPException e) {
      throw new IllegalArgumentException("not a valid key: " + key, e);
    }
  }

  private String parentKey(DN dn) {
    return dns.parentKey(dn);
  }

  /** One index posting: a value's key in one attribute's index. */
  private record Posting(ValueIndex index, String value) {}

  /** A node's content from a batch not yet settled: visible from that batch's generation on. */
  private record Staged(long generation, byte[] data) {}

  /** One stored entry and its place in the tree. */
  private static final class Node {
    final String key;
    final Node parent;
    final long born; // the generation from which readers see the node
    volatile byte[] data;
    volatile Staged staged; // null, or the content (null: the removal) of the batch being applied
    volatile ConcurrentSkipListMap<String, Node> children;

    Node(String key, Node parent, byte[] data, long born) {
      this.key = key;
      this.parent = parent;
      this.data = data;
      this.born = born;
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
        current.remove(child.key, child);
        if (current.isEmpty()) {
          children = null;
        }
      }
    }
  }

  /** The keys of the visible nodes among some children. */
  private final class VisibleKeys implements Iterator<String> {
    private final Iterator<Node> candidates;
    private Node next;

    VisibleKeys(Iterator<Node> candidates) {
      this.candidates = candidates;
    }

    @Override
    public boolean hasNext() {
      while (next == null && candidates.hasNext()) {
        Node candidate = candidates.next();
        if (isVisible(candidate)) {
          next = candidate;
        }
      }
      return next != null;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String key = next.key;
      next = null;
      return key;
    }
  }

  /** Depth-first, parents first, without recursion; an invisible node is skipped with its subtree. */
  private final class SubtreeIterator implements Iterator<String> {
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
          Node candidate = top.next();
          if (isVisible(candidate)) {
            next = candidate;
            return true;
          }
        } else {
          stack.pop();
        }
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
