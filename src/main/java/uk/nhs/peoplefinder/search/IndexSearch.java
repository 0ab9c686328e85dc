package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;
import uk.nhs.peoplefinder.directory.Requester;

/**
 * One search served from the index: the filter's query within the search scope and what the
 * requester may list, in result order (a client's sort keys; otherwise best first when the filter
 * ranks, else by {@code cn}), read lazily in growing batches so that a size limit stops the work
 * early.
 */
public final class IndexSearch {
  /** A client's sort key (RFC 2891): an attribute, descending or not. */
  public record SortKey(String attribute, boolean reverse) {}

  private final SearchIndex index;
  private final Query query;
  private final Sort sort;
  private final FilterQuery.Translation translation;
  private final boolean ranksByScore;

  private IndexSearch(
      SearchIndex index, Query query, Sort sort, FilterQuery.Translation translation, boolean ranksByScore) {
    this.index = index;
    this.query = query;
    this.sort = sort;
    this.translation = translation;
    this.ranksByScore = ranksByScore;
  }

  /**
   * @param baseKeys normalised DNs of the search bases (several for a search from the root DSE)
   * @param sortKeys a client's sort order, or empty for the default order
   */
  public static IndexSearch prepare(
      SearchIndex index,
      Filter filter,
      Requester requester,
      Collection<String> baseKeys,
      SearchScope scope,
      List<SortKey> sortKeys) {
    FilterQuery translator = new FilterQuery(index.fields(), index.overlong(), requester);
    FilterQuery.Translation translation = translator.translate(filter);
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    query.add(translation.query(), translation.ranked() ? Occur.MUST : Occur.FILTER);
    if (!(scope == SearchScope.SUB && baseKeys.containsAll(index.suffixKeys()))) {
      query.add(scope(baseKeys, scope), Occur.FILTER); // a subtree search of the whole directory needs none
    }
    Query unlistable = translator.unlistable();
    if (unlistable != null) {
      query.add(unlistable, Occur.MUST_NOT);
    }
    return new IndexSearch(
        index, query.build(), order(index, translation, sortKeys), translation, translation.ranked() && sortKeys.isEmpty());
  }

  /** Whether a client may sort on this attribute (it has sort values in the index). */
  public static boolean sortable(SearchIndex index, String attribute) {
    return IndexFields.SORTABLE.contains(index.fields().canonical(attribute));
  }

  private static Sort order(SearchIndex index, FilterQuery.Translation translation, List<SortKey> sortKeys) {
    if (!sortKeys.isEmpty()) {
      List<SortField> fields = new ArrayList<>();
      for (SortKey key : sortKeys) {
        fields.add(SearchIndex.sortField(index.fields().canonical(key.attribute()), key.reverse()));
      }
      fields.add(SearchIndex.keyOrder());
      return new Sort(fields.toArray(new SortField[0]));
    }
    if (translation.ranked()) {
      return new Sort(SortField.FIELD_SCORE, SearchIndex.sortField("cn", false), SearchIndex.keyOrder());
    }
    return SearchIndex.indexOrder();
  }

  private static Query scope(Collection<String> baseKeys, SearchScope scope) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String base : baseKeys) {
      any.add(scope(base, scope), Occur.SHOULD);
    }
    return any.build();
  }

  private static Query scope(String base, SearchScope scope) {
    if (scope == SearchScope.BASE) {
      return new TermQuery(new Term(IndexFields.KEY, base));
    }
    if (scope == SearchScope.ONE) {
      return new TermQuery(new Term(IndexFields.PARENT, base));
    }
    Query subtree = new TermQuery(new Term(IndexFields.ANCESTOR, base));
    if (scope == SearchScope.SUBORDINATE_SUBTREE) {
      return new BooleanQuery.Builder()
          .add(subtree, Occur.FILTER)
          .add(new TermQuery(new Term(IndexFields.KEY, base)), Occur.MUST_NOT)
          .build();
    }
    return subtree;
  }

  /** How the filter was served, for the explain control and the debug log. */
  public String explain() {
    return "query " + query + (translation.exact() ? "" : " (a superset: every hit is checked)") + "; order " + sort;
  }

  /** Hits in result order; close it when done. */
  public interface HitIterator extends Iterator<Hit>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * Hits in result order, after the given position (null for the start), first batch of this size;
   * with {@code positions}, each hit carries its position for a paging cookie.
   */
  public HitIterator hits(Position after, int firstBatch, boolean positions) {
    int batch = Math.max(1, Math.min(firstBatch, 10_000));
    if (ranksByScore && !positions && after == null) {
      return new ScoreHits(batch);
    }
    return new Hits(after == null ? null : after.toFieldDoc(), batch);
  }

  /** How many sort values a position of this search has (to check a cookie against). */
  public int positionLength() {
    return sort.getSort().length;
  }

  /** Whether a position (from a client's cookie) has the value types this search's order needs. */
  public boolean accepts(Position position) {
    SortField[] fields = sort.getSort();
    if (position.values().length != fields.length) {
      return false;
    }
    for (int i = 0; i < fields.length; i++) {
      Object value = position.values()[i];
      boolean ok =
          fields[i].getType() == SortField.Type.SCORE
              ? value instanceof Float
              : value instanceof BytesRef || (value == null && i < fields.length - 1);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** How many entries the query finds (before each is checked), for counts the client is shown. */
  public int count() {
    try {
      IndexSearcher searcher = index.acquire();
      try {
        return searcher.count(query);
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Names of the attributes a client may sort on, for error messages. */
  public static String sortableNames() {
    return String.join(", ", new java.util.TreeSet<>(IndexFields.SORTABLE));
  }

  /**
   * A virtual list view: the keys around the target, the target's position (from 1) and how many
   * entries the list has, as the index counts them (before each entry is checked).
   */
  public record Window(List<String> keys, int targetPosition, int contentCount) {}

  /**
   * The window around a target given by offset (VLV draft §6.1): with the client's idea of the
   * content count, the offset is scaled to the server's count (except that offset 1 is always the
   * first entry, as the draft says); offsets past the end target the last entry.
   */
  public Window windowAt(int offset, int clientCount, int before, int after) {
    int[] target = new int[1];
    OffsetWindow.PositionChooser choose =
        count -> {
          if (count == 0) {
            return null;
          }
          // NOTE: offset 1 with a content count other than 1 means the first entry, whatever the
          // scaling would give (VLV draft §5), so that "go to the top" works with a stale count.
          long position =
              offset == 1 && clientCount != 1
                  ? 1
                  : clientCount > 0 ? Math.round((double) offset * count / clientCount) : offset;
          target[0] = (int) Math.max(1, Math.min(count, position));
          return new int[] {Math.max(1, target[0] - before), (int) Math.min(count, target[0] + (long) after)};
        };
    try {
      IndexSearcher searcher = index.acquire();
      try {
        SortField[] fields = sort.getSort();
        if (fields.length == 2 && fields[0] instanceof org.apache.lucene.search.SortedSetSortField) {
          OffsetWindow.Slice slice =
              index.offsetWindow().slice(searcher, query, fields[0].getField(), fields[0].getReverse(), choose);
          return new Window(slice.keys(), target[0], slice.count());
        }
        // several sort keys: the top of the sorted result, then the wanted part of it
        int count = searcher.count(query);
        int[] range = choose.choose(count);
        if (range == null) {
          return new Window(List.of(), 0, 0);
        }
        TopFieldDocs top = searcher.search(query, range[1], sort, false);
        List<String> keys = new ArrayList<>();
        for (int i = range[0] - 1; i < top.scoreDocs.length; i++) {
          keys.add(key((FieldDoc) top.scoreDocs[i]));
        }
        return new Window(keys, target[0], count);
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The window around the first entry whose first sort value is at or after the assertion in the
   * sort order (VLV draft §6.2), found by seeking, not by counting from the start.
   */
  public Window windowAt(String assertion, int before, int after) {
    SortField[] fields = sort.getSort();
    String attribute = fields[0].getField().substring(2);
    BytesRef value = new BytesRef(index.fields().normalise(attribute, assertion));
    Object[] anchor = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      anchor[i] = i == 0 ? value : fields[i].getReverse() ? new BytesRef(new byte[] {(byte) 0xff, (byte) 0xff}) : new BytesRef();
    }
    FieldDoc anchorDoc = new FieldDoc(0, Float.NaN, anchor);
    try {
      IndexSearcher searcher = index.acquire();
      try {
        int count = searcher.count(query);
        if (count == 0) {
          return new Window(List.of(), 0, 0);
        }
        FieldDoc from = restamped(anchorDoc, searcher);
        boolean reverse = fields[0].getReverse();
        Query earlier =
            new BooleanQuery.Builder()
                .add(query, Occur.FILTER)
                .add(
                    reverse
                        ? new org.apache.lucene.search.TermRangeQuery(IndexFields.value(attribute), value, null, false, false)
                        : new org.apache.lucene.search.TermRangeQuery(IndexFields.value(attribute), null, value, false, false),
                    Occur.FILTER)
                .build();
        int target = searcher.count(earlier) + 1;
        List<String> keys = new ArrayList<>();
        if (before > 0) {
          TopFieldDocs previous = searcher.searchAfter(from, query, before, mirror(sort), false);
          for (int i = previous.scoreDocs.length - 1; i >= 0; i--) {
            keys.add(key((FieldDoc) previous.scoreDocs[i]));
          }
        }
        TopFieldDocs next = searcher.searchAfter(from, query, after + 1, sort, false);
        for (ScoreDoc doc : next.scoreDocs) {
          keys.add(key((FieldDoc) doc));
        }
        return new Window(keys, Math.min(target, count + 1), count);
      } finally {
        index.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same order backwards (entries without a value stay at the far end). */
  private static Sort mirror(Sort sort) {
    SortField[] fields = sort.getSort();
    SortField[] mirrored = new SortField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      SortField field = fields[i];
      if (field instanceof org.apache.lucene.search.SortedSetSortField set) {
        var flipped =
            new org.apache.lucene.search.SortedSetSortField(set.getField(), !set.getReverse(), set.getSelector());
        flipped.setMissingValue(set.getMissingValue());
        mirrored[i] = flipped;
      } else {
        mirrored[i] = new SortField(field.getField(), field.getType(), !field.getReverse());
      }
    }
    return new Sort(mirrored);
  }

  /**
   * The position re-stamped for this searcher. NOTE: the key is the last sort value, so hits never
   * tie; the last doc number of the reader makes the hit at this very position count as seen.
   */
  private static FieldDoc restamped(FieldDoc after, IndexSearcher searcher) {
    return after == null ? null : new FieldDoc(searcher.getIndexReader().maxDoc() - 1, Float.NaN, after.fields);
  }

  private static String key(FieldDoc doc) {
    return ((BytesRef) doc.fields[doc.fields.length - 1]).utf8ToString();
  }

  /** One hit: the entry's key and its position in the order (for paging cookies). */
  public record Hit(String key, Position position) {}

  /** A place in the result order, as a paging cookie carries it. */
  public record Position(Object[] values) {
    private static final int MAX_VALUE_BYTES = IndexFields.MAX_TERM_CHARS * 4;

    /** The position as cookie bytes, tied to one search by its fingerprint. */
    public byte[] encode(int fingerprint) {
      try (var bytes = new java.io.ByteArrayOutputStream();
          var out = new java.io.DataOutputStream(bytes)) {
        out.writeInt(fingerprint);
        out.writeByte(values.length);
        for (Object value : values) {
          if (value == null) {
            out.writeByte(0);
          } else if (value instanceof Float score) {
            out.writeByte(1);
            out.writeFloat(score);
          } else {
            BytesRef ref = (BytesRef) value;
            out.writeByte(2);
            out.writeInt(ref.length);
            out.write(ref.bytes, ref.offset, ref.length);
          }
        }
        out.flush();
        return bytes.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The position a cookie names, or null when it is not one this server gave for a search with
     * this fingerprint and this many sort values.
     */
    public static Position decode(byte[] cookie, int fingerprint, int expectedValues) {
      try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(cookie))) {
        if (in.readInt() != fingerprint) {
          return null;
        }
        int count = in.readUnsignedByte();
        if (count != expectedValues) {
          return null;
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
          int type = in.readUnsignedByte();
          if (type == 1) {
            values[i] = in.readFloat();
          } else if (type == 2) {
            int length = in.readInt();
            if (length < 0 || length > MAX_VALUE_BYTES) {
              return null;
            }
            values[i] = new BytesRef(in.readNBytes(length));
            if (((BytesRef) values[i]).length != length) {
              return null;
            }
          } else if (type != 0) {
            return null;
          }
        }
        return in.read() == -1 ? new Position(values) : null;
      } catch (IOException e) {
        return null;
      }
    }

    FieldDoc toFieldDoc() {
      return new FieldDoc(0, Float.NaN, values.clone());
    }
  }

  /**
   * Hits read in batches that grow fourfold (the first one as large as the caller expects to need),
   * so that a size limit stops the work early and a large result costs few searches.
   */
  private abstract static class Batches implements HitIterator {
    private int batch;
    private List<Hit> buffered = List.of();
    private int next;
    private boolean exhausted;

    Batches(int batch) {
      this.batch = batch;
    }

    /** Up to {@code size} hits after those already read; fewer means there are no more. */
    abstract List<Hit> read(int size) throws IOException;

    @Override
    public boolean hasNext() {
      if (next < buffered.size()) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      try {
        buffered = read(batch);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      next = 0;
      exhausted = buffered.size() < batch;
      batch = Math.min(batch * 4, 65_536);
      return next < buffered.size();
    }

    @Override
    public Hit next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return buffered.get(next++);
    }

    @Override
    public void close() {}
  }

  /**
   * Hits of a ranked search ordered by score alone, ties in document order (which the index sort
   * makes {@code cn} order within each segment): no sort values are read for the hits that do not
   * make the cut, which is most of the work of a sorted collection. One searcher serves every batch,
   * so document numbers stay meaningful from batch to batch.
   */
  private final class ScoreHits extends Batches {
    private final IndexSearcher searcher;
    private ScoreDoc after;

    ScoreHits(int batch) {
      super(batch);
      try {
        this.searcher = index.acquire();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    List<Hit> read(int size) throws IOException {
      org.apache.lucene.search.TopDocs top = searcher.searchAfter(after, query, size);
      List<Ranked> ranked = IndexSearch.read(searcher.getIndexReader().leaves(), top.scoreDocs);
      if (top.scoreDocs.length > 0) {
        after = top.scoreDocs[top.scoreDocs.length - 1];
      }
      // equally good hits of the batch in name order (the batch is the best ones, ties by document)
      ranked.sort(Ranked.ORDER);
      List<Hit> hits = new ArrayList<>(ranked.size());
      for (Ranked hit : ranked) {
        hits.add(new Hit(hit.key(), null));
      }
      return hits;
    }

    @Override
    public void close() {
      try {
        index.release(searcher);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private record Ranked(float score, String name, String key) {
    static final java.util.Comparator<Ranked> ORDER =
        java.util.Comparator.comparing(Ranked::score, java.util.Comparator.reverseOrder())
            .thenComparing(Ranked::name, java.util.Comparator.nullsLast(IndexSearch::compareUtf8))
            .thenComparing(Ranked::key, IndexSearch::compareUtf8);
  }

  /** Compares as Lucene's sorted doc values do: by UTF-8 bytes. */
  private static int compareUtf8(String a, String b) {
    return new BytesRef(a).compareTo(new BytesRef(b));
  }

  /** Each hit's score, name and key, read leaf by leaf in document order (doc values go forwards). */
  private static List<Ranked> read(List<org.apache.lucene.index.LeafReaderContext> leaves, ScoreDoc[] hits)
      throws IOException {
    ScoreDoc[] byDoc = hits.clone();
    java.util.Arrays.sort(byDoc, java.util.Comparator.comparingInt(h -> h.doc));
    List<Ranked> ranked = new ArrayList<>(hits.length);
    int leafIndex = -1;
    org.apache.lucene.index.LeafReaderContext leaf = null;
    org.apache.lucene.index.BinaryDocValues keys = null;
    org.apache.lucene.index.BinaryDocValues names = null;
    for (ScoreDoc hit : byDoc) {
      int index = org.apache.lucene.index.ReaderUtil.subIndex(hit.doc, leaves);
      if (index != leafIndex) {
        leafIndex = index;
        leaf = leaves.get(index);
        keys = org.apache.lucene.index.DocValues.getBinary(leaf.reader(), IndexFields.KEY_VALUE);
        names = org.apache.lucene.index.DocValues.getBinary(leaf.reader(), IndexFields.NAME_VALUE);
      }
      int doc = hit.doc - leaf.docBase;
      if (!keys.advanceExact(doc)) {
        throw new IllegalStateException("an indexed entry without a key");
      }
      String key = keys.binaryValue().utf8ToString();
      String name = names.advanceExact(doc) ? names.binaryValue().utf8ToString() : null;
      ranked.add(new Ranked(hit.score, name, key));
    }
    return ranked;
  }

  /** Hits in a sort order, each with its position; each batch from the searcher current then. */
  private final class Hits extends Batches {
    private FieldDoc after;

    Hits(FieldDoc after, int batch) {
      super(batch);
      this.after = after;
    }

    @Override
    List<Hit> read(int size) throws IOException {
      IndexSearcher searcher = index.acquire();
      TopFieldDocs top;
      try {
        if (searcher.getIndexReader().maxDoc() == 0) {
          return List.of();
        }
        top = searcher.searchAfter(restamped(after, searcher), query, size, sort, false);
      } finally {
        index.release(searcher);
      }
      List<Hit> hits = new ArrayList<>(top.scoreDocs.length);
      for (ScoreDoc scoreDoc : top.scoreDocs) {
        FieldDoc doc = (FieldDoc) scoreDoc;
        hits.add(new Hit(key(doc), new Position(copy(doc.fields))));
        after = doc;
      }
      return hits;
    }
  }

  private static Object[] copy(Object[] values) {
    Object[] copy = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      copy[i] = values[i] instanceof BytesRef bytes ? BytesRef.deepCopyOf(bytes) : values[i];
    }
    return copy;
  }
}
