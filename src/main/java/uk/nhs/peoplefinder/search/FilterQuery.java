package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;

/**
 * Turns an LDAP filter into a Lucene query (never via query-parser syntax) that finds at least
 * every entry the filter matches as the requester may see it; the search still checks each hit with
 * {@link FilterEvaluator}, so an item the index cannot answer exactly becomes "every entry" rather
 * than a wrong answer.
 *
 * <p>Scores rank the hits (R-FUZZY): an exact value scores {@value #EXACT}, a whole word {@value
 * #WORD}, a prefix or other substring {@value #PREFIX}, a sound-alike or one-typo word {@value
 * #FUZZY}; AND adds its parts, OR takes the best.
 */
final class FilterQuery {
  static final float EXACT = 4;
  static final float WORD = 3;
  static final float PREFIX = 2;
  static final float FUZZY = 1;

  private static final String MOBILE = IndexFields.lower(Attr.MOBILE);
  private static final String OBJECT_CLASS = IndexFields.lower(Attr.OBJECT_CLASS);
  /**
   * Attributes some requesters may not see on some entries (a shared mailbox's links, R-MEMBERS):
   * for them an item on these reaches only the entries whose links they may read, so that neither
   * a negated item nor a count (paging estimate, VLV content count, explain) depends on values they
   * cannot see.
   */
  private static final Set<String> RESTRICTED = Set.of(IndexFields.lower(Attr.MEMBER), IndexFields.lower(Attr.OWNER));
  /** Enough for any realistic set of one-typo neighbours; the clause limit is 1,024. */
  private static final int MAX_FUZZY_TERMS = 512;

  /**
   * @param query the Lucene query
   * @param exact whether it finds exactly the entries that match (not a superset)
   * @param ranked whether it has substring or approximate items, whose hits are ordered by score
   */
  record Translation(Query query, boolean exact, boolean ranked) {}

  private final IndexFields fields;
  private final Set<String> overlong;
  private final Requester requester;

  FilterQuery(IndexFields fields, Set<String> overlong, Requester requester) {
    this.fields = fields;
    this.overlong = overlong;
    this.requester = requester;
  }

  Translation translate(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
        return and(filter.getComponents());
      case Filter.FILTER_TYPE_OR:
        return or(filter.getComponents());
      case Filter.FILTER_TYPE_NOT:
        {
          Translation inner = translate(filter.getNOTComponent());
          if (!inner.exact()) {
            return superset();
          }
          Query not =
              new BooleanQuery.Builder()
                  .add(new MatchAllDocsQuery(), Occur.FILTER)
                  .add(inner.query(), Occur.MUST_NOT)
                  .build();
          return new Translation(not, true, false);
        }
      case Filter.FILTER_TYPE_EQUALITY:
        return equality(filter);
      case Filter.FILTER_TYPE_SUBSTRING:
        return substring(filter);
      case Filter.FILTER_TYPE_PRESENCE:
        return presence(filter);
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH:
        return approximate(filter);
      default:
        // ordering and extensible items: checked entry by entry
        return unknown(filter) ? nothing() : superset();
    }
  }

  private Translation and(Filter[] components) {
    if (components.length == 0) {
      return new Translation(new MatchAllDocsQuery(), true, false);
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    boolean exact = true;
    boolean ranked = false;
    for (Filter component : components) {
      Translation part = translate(component);
      all.add(part.query(), part.ranked() ? Occur.MUST : Occur.FILTER);
      exact &= part.exact();
      ranked |= part.ranked();
    }
    return new Translation(all.build(), exact, ranked);
  }

  private Translation or(Filter[] components) {
    if (components.length == 0) {
      return nothing();
    }
    List<Query> any = new ArrayList<>();
    boolean exact = true;
    boolean ranked = false;
    for (Filter component : components) {
      Translation part = translate(component);
      any.add(part.query());
      exact &= part.exact();
      ranked |= part.ranked();
    }
    return new Translation(any.size() == 1 ? any.get(0) : new DisjunctionMaxQuery(any, 0), exact, ranked);
  }

  private Translation equality(Filter filter) {
    String attribute = fields.canonical(filter.getAttributeName());
    if (unknown(filter)) {
      return nothing();
    }
    if (!fields.isIndexed(attribute)) {
      return superset();
    }
    String value = fields.normalise(attribute, filter.getAssertionValue());
    Query query = visible(attribute, field -> scored(new TermQuery(new Term(IndexFields.value(field), value)), EXACT));
    return withOverlong(attribute, query, false);
  }

  private Translation substring(Filter filter) {
    String attribute = fields.canonical(filter.getAttributeName());
    if (unknown(filter)) {
      return nothing();
    }
    if (!fields.isIndexed(attribute)) {
      return superset();
    }
    String initial = component(attribute, filter.getSubInitialBytes(), MatchingRule.SUBSTRING_TYPE_SUBINITIAL);
    String last = component(attribute, filter.getSubFinalBytes(), MatchingRule.SUBSTRING_TYPE_SUBFINAL);
    List<String> middle = new ArrayList<>();
    for (byte[] any : filter.getSubAnyBytes()) {
      middle.add(component(attribute, any, MatchingRule.SUBSTRING_TYPE_SUBANY));
    }
    if ((filter.getSubInitialBytes() != null && initial == null)
        || (filter.getSubFinalBytes() != null && last == null)
        || middle.contains(null)) {
      return superset(); // no substring rule for this syntax: checked entry by entry
    }
    boolean prefixOnly = middle.isEmpty() && last == null && initial != null;
    Query query =
        visible(
            attribute,
            field -> {
              String valueField = IndexFields.value(field);
              Query match =
                  prefixOnly
                      ? prefix(field, initial)
                      : new SubstringQuery(valueField, initial, middle, last);
              BooleanQuery.Builder ranked = new BooleanQuery.Builder().add(scored(match, PREFIX), Occur.MUST);
              if (prefixOnly) {
                ranked.add(scored(new TermQuery(new Term(valueField, initial)), EXACT - PREFIX), Occur.SHOULD);
                List<String> words = ApproximateMatch.words(initial);
                if (IndexFields.NAME_LIKE.contains(field) && words.size() == 1) {
                  Term word = new Term(IndexFields.words(field), words.get(0));
                  ranked.add(scored(new TermQuery(word), WORD - PREFIX), Occur.SHOULD);
                }
              }
              return ranked.build();
            });
    return withOverlong(attribute, query, true);
  }

  /** Values starting with the (normalised) initial: one term when its length is indexed. */
  private static Query prefix(String field, String initial) {
    if (IndexFields.PREFIXED.contains(field)
        && !initial.isEmpty()
        && initial.length() <= IndexFields.indexedPrefix(initial)
        && !Character.isHighSurrogate(initial.charAt(initial.length() - 1))) {
      return new TermQuery(new Term(IndexFields.prefix(field), initial));
    }
    return new PrefixQuery(new Term(IndexFields.value(field), initial));
  }

  private Translation presence(Filter filter) {
    String attribute = fields.canonical(filter.getAttributeName());
    if (unknown(filter)) {
      return nothing();
    }
    if (attribute.equals(OBJECT_CLASS)) {
      return new Translation(new MatchAllDocsQuery(), true, false);
    }
    if (!fields.isIndexed(attribute)) {
      return superset();
    }
    Query query = visible(attribute, field -> new TermQuery(new Term(IndexFields.HAS, field)));
    return new Translation(query, true, false);
  }

  /**
   * {@code ~=}: each word of the assertion is the same word, a sound-alike (Soundex) or one edit
   * away, as {@link ApproximateMatch} decides for every hit.
   */
  private Translation approximate(Filter filter) {
    String attribute = fields.canonical(filter.getAttributeName());
    if (unknown(filter)) {
      return nothing();
    }
    if (!IndexFields.NAME_LIKE.contains(attribute)) {
      return superset();
    }
    List<String> words = ApproximateMatch.words(filter.getAssertionValue());
    if (words.isEmpty()) {
      return nothing();
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String word : words) {
      List<Query> alike = new ArrayList<>();
      alike.add(scored(new TermQuery(new Term(IndexFields.words(attribute), word)), EXACT));
      if (word.length() == 3 && word.chars().allMatch(Character::isLetter)) {
        alike.add(scored(fuzzy(attribute, word, 1), FUZZY));
      } else if (word.length() >= 4 && word.chars().allMatch(Character::isLetter)) {
        Term phonetic = new Term(IndexFields.phonetic(attribute), ApproximateMatch.soundex(word));
        alike.add(scored(new TermQuery(phonetic), FUZZY));
        alike.add(scored(fuzzy(attribute, word, 0), FUZZY));
      }
      all.add(new DisjunctionMaxQuery(alike, 0), Occur.MUST);
    }
    return new Translation(all.build(), false, true);
  }

  /** Words one edit (Damerau) away, the first {@code prefix} letters unchanged. */
  private static Query fuzzy(String attribute, String word, int prefix) {
    return new FuzzyQuery(
        new Term(IndexFields.words(attribute), word),
        1,
        prefix,
        MAX_FUZZY_TERMS,
        true,
        MultiTermQuery.CONSTANT_SCORE_BLENDED_REWRITE);
  }

  /**
   * The item over the values this requester may see: a hidden mobile is reachable only by the
   * person, administrators and local administrators of the person's organisation (R-HIDE).
   */
  private Query visible(String attribute, java.util.function.Function<String, Query> item) {
    Query open = item.apply(attribute);
    if (restricted(attribute)) {
      // NOTE: only where the requester may read the links, so that no hit (counted by the explain
      // control) singles out a mailbox whose links the requester cannot see (R-MEMBERS).
      return new BooleanQuery.Builder().add(open, Occur.MUST).add(linksReadable(), Occur.FILTER).build();
    }
    if (!attribute.equals(MOBILE)) {
      return open;
    }
    Query hidden = item.apply(IndexFields.HIDDEN_MOBILE);
    Query allowed = hiddenMobileScope();
    if (allowed == null) {
      return open;
    }
    Query reachable =
        allowed instanceof MatchAllDocsQuery
            ? hidden
            : new BooleanQuery.Builder().add(hidden, Occur.MUST).add(allowed, Occur.FILTER).build();
    return new DisjunctionMaxQuery(List.of(open, reachable), 0);
  }

  /**
   * Entries whose {@code member} and {@code owner} this (non-administrator) requester may read, as
   * {@code ReadAccess} decides: everything but shared mailboxes, and the mailboxes the requester is
   * linked to or administers as a local administrator of their organisation.
   */
  private Query linksReadable() {
    Term mailbox =
        new Term(IndexFields.value(OBJECT_CLASS), fields.normalise(OBJECT_CLASS, Attr.NHS_SHARED_MAILBOX));
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    any.add(
        new BooleanQuery.Builder()
            .add(new MatchAllDocsQuery(), Occur.FILTER)
            .add(new TermQuery(mailbox), Occur.MUST_NOT)
            .build(),
        Occur.SHOULD);
    if (!requester.isAnonymous()) {
      for (Query own : ownOrAdministered(IndexFields.LINKED)) {
        any.add(own, Occur.SHOULD);
      }
    }
    return any.build();
  }

  /** Whose hidden mobiles the requester may search: everyone's, some, or nobody's (null). */
  private Query hiddenMobileScope() {
    if (requester.isAdministrator()) {
      return new MatchAllDocsQuery();
    }
    if (requester.isAnonymous()) {
      return null;
    }
    BooleanQuery.Builder scope = new BooleanQuery.Builder();
    for (Query own : ownOrAdministered(IndexFields.KEY)) {
      scope.add(own, Occur.SHOULD);
    }
    return scope.build();
  }

  /**
   * The entries this requester may not list, or null when there are none: shared mailboxes hidden
   * from address lists, except for their owners and members, administrators and local
   * administrators of their organisation (R-MEMBERS, as {@code ReadAccess.mayList} decides). A
   * search leaves them out (a prohibited clause costs little: few entries carry the flag).
   */
  Query unlistable() {
    if (requester.isAdministrator()) {
      return null;
    }
    BooleanQuery.Builder hidden = new BooleanQuery.Builder();
    hidden.add(new TermQuery(new Term(IndexFields.LIST_HIDDEN, IndexFields.TRUE)), Occur.FILTER);
    if (!requester.isAnonymous()) {
      for (Query own : ownOrAdministered(IndexFields.LINKED)) {
        hidden.add(own, Occur.MUST_NOT);
      }
    }
    return hidden.build();
  }

  /**
   * Entries that are the requester's own by {@code field} (the requester's key there: the entry
   * itself, or a mailbox linked to them) and, for a local administrator, every entry of their
   * organisation: what ReadAccess lets a (non-administrator) requester see more of.
   */
  private List<Query> ownOrAdministered(String field) {
    List<Query> own = new ArrayList<>(2);
    own.add(new TermQuery(new Term(field, requester.key())));
    String organisation = requester.role() == Requester.Role.LOCAL_ADMIN ? parentKey(requester.key()) : null;
    if (organisation != null) {
      own.add(new TermQuery(new Term(IndexFields.ANCESTOR, organisation)));
    }
    return own;
  }

  private boolean restricted(String attribute) {
    return RESTRICTED.contains(attribute) && !requester.isAdministrator();
  }

  private Translation withOverlong(String attribute, Query query, boolean ranked) {
    if (!overlong.contains(attribute)) {
      return new Translation(query, true, ranked);
    }
    Query marker = new TermQuery(new Term(IndexFields.value(attribute), IndexFields.OVERLONG));
    return new Translation(new DisjunctionMaxQuery(List.of(query, marker), 0), false, ranked);
  }

  private String component(String attribute, byte[] bytes, byte type) {
    return bytes == null ? null : fields.normaliseSubstring(attribute, bytes, type);
  }

  private boolean unknown(Filter filter) {
    return filter.getAttributeName() != null && fields.canonical(filter.getAttributeName()).isEmpty();
  }

  private static Query scored(Query query, float score) {
    return new BoostQuery(new ConstantScoreQuery(query), score);
  }

  private static Translation superset() {
    return new Translation(new MatchAllDocsQuery(), false, false);
  }

  private static Translation nothing() {
    return new Translation(new MatchNoDocsQuery("an attribute the schema does not define"), true, false);
  }

  private static String parentKey(String key) {
    try {
      DN parent = new DN(key).getParent();
      return parent == null ? null : parent.toNormalizedString();
    } catch (LDAPException e) {
      return null;
    }
  }
}
