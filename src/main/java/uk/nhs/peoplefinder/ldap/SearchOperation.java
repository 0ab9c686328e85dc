package uk.nhs.peoplefinder.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.ServerSideSortResponseControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewResponseControl;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.ComplianceCheck;
import uk.nhs.peoplefinder.search.Anr;
import uk.nhs.peoplefinder.search.IndexSearch;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * One search request: resolves base and scope, asks the planner for candidates, checks each
 * candidate as the requester may see it, and streams the matches, honouring size and time limits
 * and abandon.
 *
 * <p>NOTE: the directory holds no alias entries, so every alias-dereferencing policy behaves alike.
 */
final class SearchOperation {

  private static final String DN_SYNTAX = "1.3.6.1.4.1.1466.115.121.1.12";
  private static final System.Logger LOG = System.getLogger(SearchOperation.class.getName());
  private static final Set<String> CASE_IGNORE_ORDERING = Set.of("2.5.13.3", "caseignoreorderingmatch");

  /** How many candidates to examine between checks for abandon and the time limit. */
  private static final int CHECK_EVERY = 256;

  /** Sends one entry to the client; false when the client is gone. */
  interface Sink {
    boolean send(Entry entry);
  }

  /** Tells whether the client abandoned this operation (polls the connection for news). */
  interface AbandonCheck {
    boolean abandoned();
  }

  private final DirectoryContext context;
  private final Requester requester;
  private final SearchRequestProtocolOp request;
  private final BrowseControls browse;
  private final Sink sink;
  private final AbandonCheck abandonCheck;
  private final Schema schema;

  SearchOperation(
      DirectoryContext context,
      Requester requester,
      SearchRequestProtocolOp request,
      BrowseControls browse,
      Sink sink,
      AbandonCheck abandonCheck) {
    this.context = context;
    this.requester = requester;
    this.request = request;
    this.browse = browse;
    this.sink = sink;
    this.abandonCheck = abandonCheck;
    this.schema = context.schema();
  }

  /** The result to send, or null when the operation was abandoned (no response is due). */
  LDAPResult run() throws LDAPException {
    long started = System.nanoTime();
    context.limits().checkDn("the search base", request.getBaseDN());
    context.limits().checkFilter(request.getFilter());
    DN base = parseBase(request.getBaseDN());
    Filter filter = Anr.expand(canonical(request.getFilter()));
    Projection projection = new Projection(schema, request.getAttributes(), request.typesOnly());
    SearchScope scope = request.getScope();
    Limits limits = new Limits(sizeLimit(), deadline());

    if (base.isNullDN() && scope == SearchScope.BASE) {
      return single(context.rootDse().duplicate(), filter, projection);
    }
    if (base.equals(new DN(Attr.SCHEMA_DN, schema))) {
      return scope == SearchScope.ONE
          ? success()
          : single(context.schemaEntry().duplicate(), filter, projection);
    }
    if (!context.readAccess().mayReadDirectory(requester)) {
      throw new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, context.readAccess().refusalForAnonymous());
    }
    DirectoryStore store = context.store();
    List<String> bases = new ArrayList<>();
    if (base.isNullDN()) {
      // NOTE: like a default search base, a one-level or subtree search from the root DSE covers
      // every naming context, because address-book clients are often left with an empty base.
      bases.addAll(store.suffixKeys());
    } else {
      String key = DirectoryStore.key(base);
      if (!store.contains(key)) {
        throw new LDAPException(
            ResultCode.NO_SUCH_OBJECT,
            "the search base " + request.getBaseDN() + " does not exist",
            context.store().matchedDn(base),
            null);
      }
      bases.add(key);
    }
    SearchScope effective = base.isNullDN() && scope == SearchScope.ONE ? SearchScope.BASE : scope;
    Report report = new Report(filter);
    LDAPResult result;
    Set<String> candidates =
        browse.needsIndex() || testsHiddenValues(filter) ? null : context.planner().candidates(filter);
    if (candidates != null) {
      report.servedBy("the store's exact-value index");
      report.candidates = candidates.size();
      result = fromStore(candidates, bases, effective, filter, projection, limits, report);
    } else {
      result = new IndexedSearch(bases, effective, filter, projection, limits, report).run();
    }
    if (result == null) {
      return null;
    }
    long nanos = System.nanoTime() - started;
    LOG.log(System.Logger.Level.DEBUG, () -> "search by " + requester.dn() + ": " + report.text(nanos, true));
    return browse.explain() ? withExplanation(result, report.text(nanos, requester.isAdministrator())) : result;
  }

  /**
   * NOTE: the store's exact-value index holds hidden mobiles and a mailbox's links like any other
   * value, so its candidates (counted by the explain control) would single out the holder of a
   * hidden number, or a mailbox's links, for someone who may not see them (R-HIDE: no oracle;
   * R-MEMBERS). Such filters go to the search index, whose queries reach those values only for
   * requesters entitled to them.
   */
  private boolean testsHiddenValues(Filter filter) {
    return !requester.isAdministrator() && mentions(filter, List.of(Attr.MOBILE, Attr.MEMBER, Attr.OWNER));
  }

  private LDAPResult fromStore(
      Set<String> candidates,
      List<String> bases,
      SearchScope scope,
      Filter filter,
      Projection projection,
      Limits limits,
      Report report) {
    for (String baseKey : bases) {
      LDAPResult stop = examine(inScope(candidates, baseKey, scope), filter, projection, limits, report, 0);
      if (stop != null) {
        return stop == ABANDONED ? null : stop;
      }
    }
    return success();
  }

  /** A search served from the Lucene index, with the browse controls the client sent. */
  private final class IndexedSearch {
    private final List<String> bases;
    private final SearchScope scope;
    private final Filter filter;
    private final Projection projection;
    private final Limits limits;
    private final Report report;
    private final List<Control> responses = new ArrayList<>();

    IndexedSearch(
        List<String> bases, SearchScope scope, Filter filter, Projection projection, Limits limits, Report report) {
      this.bases = bases;
      this.scope = scope;
      this.filter = filter;
      this.projection = projection;
      this.limits = limits;
      this.report = report;
    }

    LDAPResult run() throws LDAPException {
      if (browse.vlv() != null && browse.sort() == null) {
        throw new LDAPException(
            ResultCode.SORT_CONTROL_MISSING,
            "a virtual list view needs a server-side sort control (RFC 2891) in the same request",
            null,
            null,
            new Control[] {new VirtualListViewResponseControl(0, 0, ResultCode.SORT_CONTROL_MISSING, null)});
      }
      if (browse.vlv() != null && browse.paged() != null) {
        throw new LDAPException(
            ResultCode.UNWILLING_TO_PERFORM,
            "paged results and a virtual list view cannot be combined in one search; use one or the other");
      }
      List<IndexSearch.SortKey> sortKeys = sortKeys();
      IndexSearch search =
          IndexSearch.prepare(context.index(), filter, requester, bases, scope, sortKeys);
      report.servedBy("the search index: " + search.explain());
      LDAPResult result = browse.vlv() != null ? window(search) : pages(search, sortKeys);
      if (result == null || result == ABANDONED) {
        return null;
      }
      responses.addAll(List.of(result.getResponseControls()));
      return new LDAPResult(
          -1,
          result.getResultCode(),
          result.getDiagnosticMessage(),
          null,
          (String[]) null,
          responses.toArray(new Control[0]));
    }

    /**
     * The client's sort keys, when every one can be sorted on; otherwise none (a critical sort
     * control then fails the search), with the reason in the sort response (RFC 2891 §1.2).
     */
    private List<IndexSearch.SortKey> sortKeys() throws LDAPException {
      ServerSideSortRequestControl sort = browse.sort();
      if (sort == null) {
        return List.of();
      }
      List<IndexSearch.SortKey> keys = new ArrayList<>();
      for (SortKey key : sort.getSortKeys()) {
        String attribute = key.getAttributeName();
        ResultCode problem = null;
        String why = null;
        if (schema.getAttributeType(Attribute.getBaseName(attribute)) == null) {
          problem = ResultCode.NO_SUCH_ATTRIBUTE;
          why = "the schema has no attribute " + attribute;
        } else if (!IndexSearch.sortable(context.index(), attribute)) {
          problem = ResultCode.UNWILLING_TO_PERFORM;
          why = "the directory does not sort on " + attribute + "; it sorts on " + IndexSearch.sortableNames();
        } else if (key.getMatchingRuleID() != null && !CASE_IGNORE_ORDERING.contains(lower(key.getMatchingRuleID()))) {
          problem = ResultCode.INAPPROPRIATE_MATCHING;
          why = "sorting uses caseIgnoreOrderingMatch (2.5.13.3) only, not " + key.getMatchingRuleID();
        }
        if (problem != null) {
          Control response = new ServerSideSortResponseControl(problem, attribute, false);
          if (sort.isCritical()) {
            throw new LDAPException(
                ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
                "cannot sort as asked: " + why,
                null,
                null,
                new Control[] {response});
          }
          responses.add(response);
          return List.of();
        }
        keys.add(new IndexSearch.SortKey(attribute, key.reverseOrder()));
      }
      responses.add(new ServerSideSortResponseControl(ResultCode.SUCCESS, null, false));
      return keys;
    }

    /** The whole result, or one page of it (RFC 2696), in order. */
    private LDAPResult pages(IndexSearch search, List<IndexSearch.SortKey> sortKeys) throws LDAPException {
      SimplePagedResultsControl paged = browse.paged();
      IndexSearch.Position after = null;
      int pageSize = 0;
      int fingerprint = fingerprint(sortKeys);
      if (paged != null) {
        pageSize = Math.max(0, paged.getSize());
        ASN1OctetString cookie = paged.getCookie();
        if (cookie != null && cookie.getValueLength() > 0) {
          after = IndexSearch.Position.decode(cookie.getValue(), fingerprint, search.positionLength());
          if (after == null || !search.accepts(after)) {
            throw new LDAPException(
                ResultCode.UNWILLING_TO_PERFORM,
                "the paged-results cookie does not belong to this search (same base, scope, filter and sort);"
                    + " start again without a cookie");
          }
        }
        if (pageSize == 0) {
          // RFC 2696 §3: a page size of zero abandons the paged search.
          return pagedDone(search, null);
        }
      }
      int firstBatch = 256;
      if (limits.sizeLimit() > 0) {
        firstBatch = Math.min(firstBatch, limits.sizeLimit() + 1);
      }
      if (pageSize > 0) {
        firstBatch = Math.min(firstBatch, pageSize + 1);
      }
      try (IndexSearch.HitIterator hits = search.hits(after, firstBatch, paged != null)) {
        HitKeys keys = new HitKeys(hits);
        LDAPResult stop = examine(keys, filter, projection, limits, report, pageSize);
        if (stop == ABANDONED) {
          return null;
        }
        if (paged == null) {
          return stop == null ? success() : stop;
        }
        if (stop == PAGE_FULL) {
          byte[] cookie = keys.hasNext() ? keys.last().position().encode(fingerprint) : null;
          return pagedDone(search, cookie);
        }
        return stop == null ? pagedDone(search, null) : withControls(stop, pagedResponse(search, null));
      }
    }

    private LDAPResult pagedDone(IndexSearch search, byte[] cookie) {
      return withControls(success(), pagedResponse(search, cookie));
    }

    private Control pagedResponse(IndexSearch search, byte[] cookie) {
      return new SimplePagedResultsControl(
          search.count(), cookie == null ? new ASN1OctetString() : new ASN1OctetString(cookie), false);
    }

    /** A virtual list view: the entries around a target, by offset or by value (VLV draft §6). */
    private LDAPResult window(IndexSearch search) throws LDAPException {
      VirtualListViewRequestControl vlv = browse.vlv();
      IndexSearch.Window window;
      if (vlv.getAssertionValue() != null) {
        window = search.windowAt(vlv.getAssertionValueString(), vlv.getBeforeCount(), vlv.getAfterCount());
      } else {
        if (vlv.getTargetOffset() < 0 || vlv.getContentCount() < 0) {
          throw vlvError(ResultCode.OFFSET_RANGE_ERROR, "a virtual list view offset and content count are never negative");
        }
        window =
            search.windowAt(vlv.getTargetOffset(), vlv.getContentCount(), vlv.getBeforeCount(), vlv.getAfterCount());
      }
      report.window(window);
      LDAPResult stop = examine(window.keys().iterator(), filter, projection, limits, report, 0);
      if (stop == ABANDONED) {
        return null;
      }
      Control response =
          new VirtualListViewResponseControl(
              window.targetPosition(), window.contentCount(), ResultCode.SUCCESS, vlv.getContextID());
      return withControls(stop == null ? success() : stop, response);
    }

    private LDAPException vlvError(ResultCode code, String message) {
      return new LDAPException(
          code, message, null, null, new Control[] {new VirtualListViewResponseControl(0, 0, code, null)});
    }

    /** Ties a paging cookie to this search: the same requester, base, scope, filter and order. */
    private int fingerprint(List<IndexSearch.SortKey> sortKeys) {
      return java.util.Objects.hash(
          requester.key(), bases, scope.intValue(), filter.toNormalizedString(), sortKeys.toString());
    }
  }

  private static LDAPResult withControls(LDAPResult result, Control... controls) {
    List<Control> all = new ArrayList<>(List.of(result.getResponseControls()));
    all.addAll(List.of(controls));
    return new LDAPResult(
        -1,
        result.getResultCode(),
        result.getDiagnosticMessage(),
        result.getMatchedDN(),
        result.getReferralURLs(),
        all.toArray(new Control[0]));
  }

  private static LDAPResult withExplanation(LDAPResult result, String explanation) {
    String message = result.getDiagnosticMessage();
    LDAPResult explained =
        new LDAPResult(
            -1,
            result.getResultCode(),
            message == null ? "explain: " + explanation : message + "; explain: " + explanation,
            result.getMatchedDN(),
            result.getReferralURLs(),
            result.getResponseControls());
    return withControls(
        explained, new Control(SupportedFeatures.EXPLAIN, false, new ASN1OctetString(explanation)));
  }

  /** Keys of index hits, remembering the last one handed out (for the paging cookie). */
  private static final class HitKeys implements Iterator<String> {
    private final Iterator<IndexSearch.Hit> hits;
    private IndexSearch.Hit last;

    HitKeys(Iterator<IndexSearch.Hit> hits) {
      this.hits = hits;
    }

    @Override
    public boolean hasNext() {
      return hits.hasNext();
    }

    @Override
    public String next() {
      last = hits.next();
      return last.key();
    }

    IndexSearch.Hit last() {
      return last;
    }
  }

  /** What the explain control reports: how the filter was served and what happened to the hits. */
  private static final class Report {
    private final Filter filter;
    private String servedBy = "";
    private String window = "";
    int candidates = -1;
    long examined;
    long droppedByAccess;
    long notMatching;
    int sent;

    Report(Filter filter) {
      this.filter = filter;
    }

    void servedBy(String how) {
      servedBy = how;
    }

    void window(IndexSearch.Window view) {
      window = "; virtual list view: target position " + view.targetPosition() + " of " + view.contentCount();
    }

    /**
     * NOTE: only administrators see how many hits were dropped or failed the check: for anyone
     * else those counts would be an oracle for values they may not see (a mailbox's members, a
     * mailbox hidden from address lists).
     */
    String text(long nanos, boolean administrator) {
      if (!administrator) {
        return String.format(Locale.ROOT, "filter %s; served by %s%s; %d sent; %.1f ms", filter, servedBy, window, sent, nanos / 1e6);
      }
      String how = candidates < 0 ? servedBy : servedBy + " (" + candidates + " candidates)";
      return String.format(
          Locale.ROOT,
          "filter %s; served by %s%s; %d hits read, %d dropped by access rules, %d not matching when checked,"
              + " %d sent; %.1f ms",
          filter,
          how,
          window,
          examined,
          droppedByAccess,
          notMatching,
          sent,
          nanos / 1e6);
    }
  }

  private static final LDAPResult ABANDONED = new LDAPResult(-1, ResultCode.CANCELED);
  private static final LDAPResult PAGE_FULL = new LDAPResult(-1, ResultCode.SUCCESS);

  private LDAPResult examine(
      Iterator<String> keys, Filter filter, Projection projection, Limits limits, Report counter, int pageSize) {
    DirectoryStore store = context.store();
    boolean virtualNeeded = projection.wantsVirtual() || mentions(filter, Projection.VIRTUAL);
    // NOTE: compliance reads an organisation's children, so it is computed only when asked for.
    ComplianceCheck compliance =
        projection.wants(Attr.NHS_COMPLIANCE_ISSUE) || mentions(filter, List.of(Attr.NHS_COMPLIANCE_ISSUE))
            ? ComplianceCheck.of(store)
            : null;
    while (keys.hasNext()) {
      if (++counter.examined % CHECK_EVERY == 0) {
        if (abandonCheck.abandoned()) {
          return ABANDONED;
        }
        if (System.nanoTime() > limits.deadline()) {
          return timeLimitExceeded();
        }
      }
      String key = keys.next();
      Entry entry = store.get(key);
      if (entry == null) {
        continue; // deleted since the candidates were chosen
      }
      if (!context.readAccess().mayList(requester, key, entry)) {
        counter.droppedByAccess++;
        continue; // a mailbox hidden from address lists (R-MEMBERS)
      }
      context.readAccess().visibleView(requester, key, entry);
      if (virtualNeeded) {
        addVirtual(entry, key, compliance);
      }
      if (!context.evaluator().matches(filter, entry)) {
        counter.notMatching++;
        continue;
      }
      if (limits.sizeLimit() > 0 && counter.sent >= limits.sizeLimit()) {
        return new LDAPResult(
            -1,
            ResultCode.SIZE_LIMIT_EXCEEDED,
            "size limit of " + limits.sizeLimit() + " entries exceeded; narrow the filter or page the results",
            null,
            (String[]) null,
            null);
      }
      if (System.nanoTime() > limits.deadline()) {
        return timeLimitExceeded();
      }
      if (!sink.send(projection.apply(entry))) {
        return ABANDONED;
      }
      counter.sent++;
      if (pageSize > 0 && counter.sent % pageSize == 0) {
        return PAGE_FULL;
      }
    }
    return null;
  }

  private LDAPResult single(Entry entry, Filter filter, Projection projection) {
    if (context.evaluator().matches(filter, entry)) {
      if (!sink.send(projection.applyToSpecialEntry(entry))) {
        return null;
      }
    }
    return success();
  }

  private Iterator<String> inScope(Set<String> candidates, String baseKey, SearchScope scope) {
    List<String> keys = new ArrayList<>();
    for (String key : candidates) {
      if (inScope(key, baseKey, scope)) {
        keys.add(key);
      }
    }
    return keys.iterator();
  }

  private boolean inScope(String key, String baseKey, SearchScope scope) {
    if (key.equals(baseKey)) {
      return scope == SearchScope.BASE || scope == SearchScope.SUB;
    }
    if (scope == SearchScope.BASE || !key.endsWith("," + baseKey)) {
      return false;
    }
    if (scope == SearchScope.ONE) {
      try {
        DN parent = new DN(key, schema).getParent();
        return parent != null && parent.toNormalizedString().equals(baseKey);
      } catch (LDAPException e) {
        return false;
      }
    }
    return true; // SUB and SUBORDINATE_SUBTREE
  }

  private void addVirtual(Entry entry, String key, ComplianceCheck compliance) {
    int children = context.store().childCount(key);
    entry.setAttribute(Attr.ENTRY_DN, entry.getDN());
    entry.setAttribute(Attr.HAS_SUBORDINATES, children > 0 ? "TRUE" : "FALSE");
    entry.setAttribute(Attr.NUM_SUBORDINATES, Integer.toString(children));
    entry.setAttribute(Attr.SUBSCHEMA_SUBENTRY, Attr.SCHEMA_DN);
    List<String> memberOf = memberOf(key);
    if (!memberOf.isEmpty()) {
      entry.setAttribute(Attr.MEMBER_OF, memberOf);
    }
    if (compliance != null && EntryKind.of(entry) == EntryKind.ORGANISATION) {
      List<String> issues = compliance.issues(key);
      if (!issues.isEmpty()) {
        entry.setAttribute(Attr.NHS_COMPLIANCE_ISSUE, issues);
      }
    }
  }

  /**
   * The shared mailboxes that link to this account, computed from their {@code member} values so
   * it is never stale; only those the requester may see the members of (R-MEMBERS).
   */
  private List<String> memberOf(String key) {
    List<String> mailboxes = context.store().lookup(Attr.MEMBER, key);
    List<String> visible = new ArrayList<>();
    for (String mailboxKey : mailboxes == null ? List.<String>of() : mailboxes) {
      Entry mailbox = context.store().get(mailboxKey);
      if (mailbox != null
          && mailbox.hasObjectClass(Attr.NHS_SHARED_MAILBOX)
          && context.readAccess().mayReadLinks(requester, key, mailbox, context.schema())) {
        visible.add(mailbox.getDN());
      }
    }
    return visible;
  }

  private static boolean mentions(Filter filter, List<String> names) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
      case Filter.FILTER_TYPE_OR:
        for (Filter component : filter.getComponents()) {
          if (mentions(component, names)) {
            return true;
          }
        }
        return false;
      case Filter.FILTER_TYPE_NOT:
        return mentions(filter.getNOTComponent(), names);
      default:
        String name = filter.getAttributeName();
        return name != null && names.stream().anyMatch(name::equalsIgnoreCase);
    }
  }

  /** The filter with every attribute name in its schema spelling (nhsIDCode → nhsOdsCode). */
  private Filter canonical(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
      case Filter.FILTER_TYPE_OR:
        {
          Filter[] components = filter.getComponents();
          Filter[] rewritten = new Filter[components.length];
          for (int i = 0; i < components.length; i++) {
            rewritten[i] = canonical(components[i]);
          }
          return filter.getFilterType() == Filter.FILTER_TYPE_AND
              ? Filter.createANDFilter(rewritten)
              : Filter.createORFilter(rewritten);
        }
      case Filter.FILTER_TYPE_NOT:
        return Filter.createNOTFilter(canonical(filter.getNOTComponent()));
      case Filter.FILTER_TYPE_EQUALITY:
        return Filter.createEqualityFilter(
            name(filter), canonicalDnValue(schema, name(filter), filter.getAssertionValueBytes()));
      case Filter.FILTER_TYPE_SUBSTRING:
        return Filter.createSubstringFilter(
            name(filter), filter.getSubInitialBytes(), filter.getSubAnyBytes(), filter.getSubFinalBytes());
      case Filter.FILTER_TYPE_GREATER_OR_EQUAL:
        return Filter.createGreaterOrEqualFilter(name(filter), filter.getAssertionValueBytes());
      case Filter.FILTER_TYPE_LESS_OR_EQUAL:
        return Filter.createLessOrEqualFilter(name(filter), filter.getAssertionValueBytes());
      case Filter.FILTER_TYPE_PRESENCE:
        return Filter.createPresenceFilter(name(filter));
      case Filter.FILTER_TYPE_APPROXIMATE_MATCH:
        return Filter.createApproximateMatchFilter(name(filter), filter.getAssertionValueBytes());
      case Filter.FILTER_TYPE_EXTENSIBLE_MATCH:
        return Filter.createExtensibleMatchFilter(
            filter.getAttributeName() == null ? null : name(filter),
            filter.getMatchingRuleID(),
            filter.getDNAttributes(),
            filter.getAssertionValue());
      default:
        return filter;
    }
  }

  /**
   * A DN-valued assertion with its attribute names in schema spelling; any other value unchanged.
   *
   * <p>NOTE: the SDK's distinguishedNameMatch compares DNs without the schema, so on its own it
   * finds {@code nhsIDCode=FA123,…} different from the stored {@code nhsOdsCode=FA123,…}.
   */
  static byte[] canonicalDnValue(Schema schema, String attribute, byte[] value) {
    AttributeTypeDefinition type = schema.getAttributeType(attribute);
    if (type == null || !DN_SYNTAX.equals(type.getBaseSyntaxOID(schema))) {
      return value;
    }
    try {
      DN dn = new DN(new String(value, StandardCharsets.UTF_8), schema);
      return dn.toNormalizedString().getBytes(StandardCharsets.UTF_8);
    } catch (LDAPException e) {
      return value; // not a DN: it matches nothing, as it is
    }
  }

  private String name(Filter filter) {
    String name = filter.getAttributeName();
    int options = name.indexOf(';');
    String base = options < 0 ? name : name.substring(0, options);
    AttributeTypeDefinition type = schema.getAttributeType(base);
    return type == null ? name : type.getNameOrOID();
  }

  private DN parseBase(String dn) throws LDAPException {
    try {
      return new DN(dn, schema);
    } catch (LDAPException e) {
      throw new LDAPException(ResultCode.INVALID_DN_SYNTAX, "the search base '" + dn + "' is not a valid DN");
    }
  }

  private int sizeLimit() {
    int requested = request.getSizeLimit();
    int server = context.sizeLimit();
    if (server <= 0) {
      return Math.max(requested, 0);
    }
    return requested <= 0 ? server : Math.min(requested, server);
  }

  private long deadline() {
    int requested = request.getTimeLimit();
    int server = context.timeLimitSeconds();
    int seconds = server <= 0 ? requested : requested <= 0 ? server : Math.min(requested, server);
    return seconds <= 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
  }

  private static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  private static LDAPResult success() {
    return new LDAPResult(-1, ResultCode.SUCCESS);
  }

  private static LDAPResult timeLimitExceeded() {
    return new LDAPResult(
        -1, ResultCode.TIME_LIMIT_EXCEEDED, "time limit exceeded; narrow the filter", null, (String[]) null, null);
  }

  private record Limits(int sizeLimit, long deadline) {}

}
