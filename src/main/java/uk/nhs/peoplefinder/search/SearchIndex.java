package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
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
 * (client writes, seed loading, transactions) is handed to one indexing thread, and a search waits
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
  private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(256);
  private final AtomicLong submitted = new AtomicLong();
  private final Object progress = new Object();
  private final Object refreshing = new Object();
  private final Thread indexer;
  private volatile long indexed;
  private volatile long refreshed;
  private volatile Throwable failure;
  private volatile boolean closed;

  private record Batch(long sequence, List<StoreOp> ops) {}

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
    this.documents = new EntryDocument(fields, schema, overlong);
    this.indexer = new Thread(this::indexLoop, "people-finder-indexer");
    this.indexer.setDaemon(true);
    this.indexer.start();
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
    for (String suffix : store.suffixKeys()) {
      for (var keys = store.subtree(suffix); keys.hasNext(); ) {
        Entry entry = store.get(keys.next());
        if (entry != null) {
          existing.add(new StoreOp.Put(entry));
        }
        if (existing.size() == 1_000) { // decoded entries are large: hand them over in slices
          index.submit(existing);
          existing = new ArrayList<>();
        }
      }
    }
    if (!existing.isEmpty()) {
      index.submit(existing);
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

  private void submit(List<StoreOp> ops) {
    if (ops.isEmpty() || closed) {
      return;
    }
    long sequence = submitted.incrementAndGet();
    try {
      queue.put(new Batch(sequence, ops));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing a batch to the search index", e);
    }
  }

  private void indexLoop() {
    List<Batch> batches = new ArrayList<>();
    try {
      while (true) {
        batches.add(queue.take());
        queue.drainTo(batches);
        for (Batch batch : batches) {
          if (batch.ops() == STOP) {
            return;
          }
          apply(batch.ops());
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

  private void apply(List<StoreOp> ops) throws IOException, LDAPException {
    for (StoreOp op : ops) {
      if (op instanceof StoreOp.Put put) {
        var doc = documents.build(put.entry());
        String key = doc.get(IndexFields.KEY);
        writer.updateDocument(new Term(IndexFields.KEY, key), doc);
      } else if (op instanceof StoreOp.Remove remove) {
        writer.deleteDocuments(new Term(IndexFields.KEY, remove.key()));
      }
    }
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
          long upTo = indexed;
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
      while (indexed < wanted) {
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
      queue.put(new Batch(Long.MAX_VALUE, STOP));
      indexer.join(10_000);
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
