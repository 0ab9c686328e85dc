package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import uk.nhs.peoplefinder.store.DirectoryStore;
import uk.nhs.peoplefinder.store.StoreOp;

/**
 * The Lucene index of the directory, kept in step with the store: every batch the store applies
 * (client writes, seed loading, transactions) is handed to the indexing threads, and a search waits
 * until every batch applied before it began is indexed and visible (near-real-time reopen), so a
 * search made after a write was acknowledged always sees it.
 *
 * <p>NOTE: indexing runs beside the single writer rather than inside it, so that seed loading keeps
 * both cores busy; the price is that a search right after a write may wait a few milliseconds for
 * the index to catch up. The index lives in memory-mapped files in a temporary directory (not on
 * the heap) and is rebuilt from the store at every start.
 */
public final class SearchIndex implements Closeable {
  private static final Logger LOG = Logger.getLogger(SearchIndex.class.getName());
  private static final List<StoreOp> STOP = List.of();

  static {
    // NOTE: an LDAP filter may have up to 1,024 items (RequestLimits) and each becomes a few Lucene
    // clauses (an ANR item a few dozen), beyond Lucene's default limit of 1,024 clauses per query.
    IndexSearcher.setMaxClauseCount(Math.max(IndexSearcher.getMaxClauseCount(), 1 << 16));
  }

  private final Path path;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final IndexFields fields;
  private final EntryDocument documents;
  private final Set<String> overlong = ConcurrentHashMap.newKeySet();
  private final OffsetWindow offsetWindow = new OffsetWindow();
  private final AtomicLong submitted = new AtomicLong();
  private final Object progress = new Object();
  private final Object refreshing = new Object();
  private final Indexer[] indexers;
  private volatile long refreshed;
  private volatile Throwable failure;
  private volatile boolean closed;

  private record Batch(long sequence, List<StoreOp> ops, List<String> keys) {}

  /**
   * One indexing thread. Every batch goes to every indexer, and each indexes the ops whose key falls
   * in its share ({@link #share}): the ops of one entry always reach the same thread, in the order
   * the store applied them, while different entries are indexed side by side.
   */
  private final class Indexer implements Runnable {
    final int share;
    final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(256);
    final Thread thread;
    volatile long indexed;

    Indexer(int share) {
      this.share = share;
      this.thread = new Thread(this, "people-finder-indexer-" + share);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      List<Batch> batches = new ArrayList<>();
      try {
        while (true) {
          batches.add(queue.take());
          queue.drainTo(batches);
          for (Batch batch : batches) {
            if (batch.ops() == STOP) {
              return;
            }
            apply(batch);
            indexed = batch.sequence();
          }
          batches.clear();
          synchronized (progress) {
            progress.notifyAll();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        LOG.log(Level.SEVERE, "the search index stopped: " + t, t);
        failure = t;
      } finally {
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    }

    private void apply(Batch batch) throws IOException {
      List<StoreOp> ops = batch.ops();
      for (int i = 0; i < ops.size(); i++) {
        String key = batch.keys().get(i);
        if (share(key) != share) {
          continue;
        }
        if (ops.get(i) instanceof StoreOp.Put put) {
          writer.updateDocument(new Term(IndexFields.KEY, key), documents.build(put.entry(), key));
        } else {
          writer.deleteDocuments(new Term(IndexFields.KEY, key));
        }
      }
    }
  }

  private int share(String key) {
    return Math.floorMod(key.hashCode(), indexers.length);
  }

  /**
   * Searchers without Lucene's query cache: our queries are built per request (scope, requester)
   * and rarely repeat, so caching their filter clauses costs more than it saves.
   */
  private static final class UncachedSearchers extends SearcherFactory {
    @Override
    public IndexSearcher newSearcher(org.apache.lucene.index.IndexReader reader, org.apache.lucene.index.IndexReader previous) {
      IndexSearcher searcher = new IndexSearcher(reader);
      searcher.setQueryCache(null);
      return searcher;
    }
  }

  private final Set<String> suffixKeys;

  private SearchIndex(Schema schema, Set<String> suffixKeys) throws IOException {
    this.suffixKeys = Set.copyOf(suffixKeys);
    this.path = Files.createTempDirectory("people-finder-index-");
    this.directory = new MMapDirectory(path);
    IndexWriterConfig config = new IndexWriterConfig();
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
    config.setRAMBufferSizeMB(96);
    config.setUseCompoundFile(false);
    config.setIndexSort(indexOrder());
    this.writer = new IndexWriter(directory, config);
    this.searchers = new SearcherManager(writer, true, false, new UncachedSearchers());
    this.fields = new IndexFields(schema);
    this.documents = new EntryDocument(fields, overlong);
    // NOTE: IndexWriter takes documents from several threads at once; more threads than cores
    // would only take turns.
    this.indexers = new Indexer[Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()))];
    for (int i = 0; i < indexers.length; i++) {
      indexers[i] = new Indexer(i);
      indexers[i].thread.start();
    }
  }

  /** An index of everything the store holds now, kept in step with every later batch. */
  public static SearchIndex of(DirectoryStore store) {
    SearchIndex index;
    try {
      index = new SearchIndex(store.schema(), store.suffixKeys());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the search index: " + e.getMessage(), e);
    }
    // NOTE: listen first, then index what is already there: an entry written in between is indexed
    // twice, which an update by key makes harmless.
    store.addListener(index::submit);
    List<StoreOp> existing = new ArrayList<>();
    List<String> existingKeys = new ArrayList<>();
    for (String suffix : store.suffixKeys()) {
      for (var keys = store.subtree(suffix); keys.hasNext(); ) {
        String key = keys.next();
        Entry entry = store.get(key);
        if (entry != null) {
          existing.add(new StoreOp.Put(entry));
          existingKeys.add(key);
        }
        if (existing.size() == 1_000) { // decoded entries are large: hand them over in slices
          index.submit(existing, existingKeys);
          existing = new ArrayList<>();
          existingKeys = new ArrayList<>();
        }
      }
    }
    if (!existing.isEmpty()) {
      index.submit(existing, existingKeys);
    }
    return index;
  }

  /** Keys of the naming contexts: every entry is below one of them. */
  Set<String> suffixKeys() {
    return suffixKeys;
  }

  OffsetWindow offsetWindow() {
    return offsetWindow;
  }

  IndexFields fields() {
    return fields;
  }

  /** Attributes with a value too long to index as a term: every query on them also takes the marker. */
  Set<String> overlong() {
    return overlong;
  }

  /** The order of the index and of unranked results: by {@code cn} (entries without one last), then key. */
  static Sort indexOrder() {
    return new Sort(sortField(IndexFields.lower("cn"), false), keyOrder());
  }

  static SortField sortField(String attribute, boolean reverse) {
    SortedSetSortField field =
        new SortedSetSortField(
            IndexFields.sort(attribute),
            reverse,
            reverse ? SortedSetSelector.Type.MAX : SortedSetSelector.Type.MIN);
    // RFC 2891: entries without the attribute come last, whichever the direction.
    field.setMissingValue(reverse ? SortField.STRING_FIRST : SortField.STRING_LAST);
    return field;
  }

  static SortField keyOrder() {
    return new SortField(IndexFields.KEY, SortField.Type.STRING);
  }

  // NOTE: synchronized so that every queue gets the batches in sequence order (the store's writer
  // and the initial scan in of() may submit at once).
  private synchronized void submit(List<StoreOp> ops, List<String> keys) {
    if (ops.isEmpty() || closed) {
      return;
    }
    Batch batch = new Batch(submitted.incrementAndGet(), ops, keys);
    try {
      for (Indexer indexer : indexers) {
        indexer.queue.put(batch);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a batch to the search index", e);
    }
  }

  /** The last batch every indexer is done with. */
  private long indexed() {
    long indexed = Long.MAX_VALUE;
    for (Indexer indexer : indexers) {
      indexed = Math.min(indexed, indexer.indexed);
    }
    return indexed;
  }

  /**
   * A searcher that sees every batch the store applied before this call; release it with {@link
   * #release}.
   */
  IndexSearcher acquire() throws IOException {
    long wanted = submitted.get();
    awaitIndexed(wanted);
    if (refreshed < wanted) {
      synchronized (refreshing) {
        if (refreshed < wanted) {
          long upTo = indexed();
          searchers.maybeRefreshBlocking();
          refreshed = upTo;
        }
      }
    }
    return searchers.acquire();
  }

  void release(IndexSearcher searcher) throws IOException {
    searchers.release(searcher);
  }

  /** Waits until everything written so far is searchable (used once seed loading is done). */
  public void awaitCurrent() {
    try {
      release(acquire());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitIndexed(long wanted) {
    synchronized (progress) {
      while (indexed() < wanted) {
        if (failure != null) {
          throw new IllegalStateException("the search index failed: " + failure, failure);
        }
        try {
          progress.wait(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the search index", e);
        }
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Batch stop = new Batch(Long.MAX_VALUE, STOP, List.of());
      for (Indexer indexer : indexers) {
        indexer.queue.put(stop);
      }
      for (Indexer indexer : indexers) {
        indexer.thread.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      searchers.close();
      writer.rollback();
      directory.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the search index: " + e, e);
    }
    deleteQuietly(path);
  }

  private static void deleteQuietly(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.log(Level.FINE, "could not delete " + root, e);
    }
  }
}
