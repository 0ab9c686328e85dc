package uk.nhs.peoplefinder.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.LongValues;
import org.apache.lucene.util.packed.PackedInts;

/**
 * Finds the entries at positions {@code first..last} of a result sorted on one attribute without
 * sorting the whole result: each hit is packed as (global sort ordinal, doc) into a long, and a
 * selection puts the wanted positions in place in linear time. This is what makes a virtual list
 * view at offset 750,000 of 1.5 million entries cost one pass over the hits, not a 750,000-entry
 * priority queue.
 *
 * <p>NOTE: hits with the same sort value are ordered by document, not by key as pages are; a
 * window is a snapshot, so the difference is never visible within one.
 */
final class OffsetWindow {
  /** Global ordinals per sort field, for the reader they were built for (rebuilt after a refresh). */
  private final Map<String, Cached> ordinalMaps = new ConcurrentHashMap<>();

  private record Cached(IndexReader.CacheKey key, OrdinalMap map) {}

  /** The keys at positions first..last (from 1) and how many hits there were. */
  record Slice(List<String> keys, int count) {}

  /**
   * @param position maps a hit count to the (first, last) positions wanted, from 1, inclusive
   */
  Slice slice(IndexSearcher searcher, Query query, String sortField, boolean reverse, PositionChooser position)
      throws IOException {
    IndexReader reader = searcher.getIndexReader();
    List<LeafReaderContext> leaves = reader.leaves();
    OrdinalMap map = ordinalMap(reader, sortField);
    long valueCount = map != null ? map.getValueCount() : leaves.isEmpty() ? 0 : valueCount(leaves.get(0), sortField);
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    long[] packed = new long[Math.max(16, reader.numDocs())];
    int n = 0;
    for (LeafReaderContext leaf : leaves) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      SortedSetDocValues values = DocValues.getSortedSet(leaf.reader(), sortField);
      LongValues global = map == null ? LongValues.IDENTITY : map.getGlobalOrds(leaf.ord);
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator docs = scorer.iterator();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        long rank = valueCount; // entries without the attribute come last either way (RFC 2891)
        if (values.advanceExact(doc)) {
          long ord = values.nextOrd();
          if (reverse) {
            for (int i = 1; i < values.docValueCount(); i++) {
              ord = values.nextOrd(); // the largest value decides a descending order
            }
            rank = valueCount - 1 - global.get(ord);
          } else {
            rank = global.get(ord);
          }
        }
        packed[n++] = (rank << 32) | (leaf.docBase + doc);
      }
    }
    int[] range = position.choose(n);
    if (range == null || n == 0) {
      return new Slice(List.of(), n);
    }
    int from = range[0] - 1;
    int to = range[1];
    select(packed, 0, n, from);
    select(packed, from, n, to - 1);
    Arrays.sort(packed, from, to);
    List<String> keys = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      keys.add(key(leaves, (int) (packed[i] & 0xffffffffL)));
    }
    return new Slice(keys, n);
  }

  /** Chooses the wanted positions once the number of hits is known; null for none. */
  interface PositionChooser {
    int[] choose(int count);
  }

  private OrdinalMap ordinalMap(IndexReader reader, String field) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    if (leaves.size() <= 1) {
      return null; // one segment: its ordinals are the global ones
    }
    IndexReader.CacheKey key = reader.getReaderCacheHelper().getKey();
    Cached cached = ordinalMaps.get(field);
    if (cached != null && cached.key() == key) {
      return cached.map();
    }
    SortedSetDocValues[] values = new SortedSetDocValues[leaves.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = DocValues.getSortedSet(leaves.get(i).reader(), field);
    }
    OrdinalMap map = OrdinalMap.build(key, values, PackedInts.DEFAULT);
    ordinalMaps.put(field, new Cached(key, map));
    return map;
  }

  private static long valueCount(LeafReaderContext leaf, String field) throws IOException {
    return DocValues.getSortedSet(leaf.reader(), field).getValueCount();
  }

  private static String key(List<LeafReaderContext> leaves, int doc) throws IOException {
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    var keys = DocValues.getBinary(leaf.reader(), IndexFields.KEY_VALUE);
    if (!keys.advanceExact(doc - leaf.docBase)) {
      throw new IllegalStateException("an indexed entry without a key");
    }
    return keys.binaryValue().utf8ToString();
  }

  /** Puts the k-th smallest of a[from..to) at index k, smaller ones before it (Hoare selection). */
  private static void select(long[] a, int from, int to, int k) {
    int lo = from;
    int hi = to - 1;
    while (hi > lo) {
      long pivot = median(a[lo], a[lo + (hi - lo) / 2], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static long median(long a, long b, long c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }
}
