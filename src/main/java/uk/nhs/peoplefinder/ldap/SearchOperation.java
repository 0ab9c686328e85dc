package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Attribute;
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
  private final Sink sink;
  private final AbandonCheck abandonCheck;
  private final Schema schema;

  SearchOperation(
      DirectoryContext context,
      Requester requester,
      SearchRequestProtocolOp request,
      Sink sink,
      AbandonCheck abandonCheck) {
    this.context = context;
    this.requester = requester;
    this.request = request;
    this.sink = sink;
    this.abandonCheck = abandonCheck;
    this.schema = context.schema();
  }

  /** The result to send, or null when the operation was abandoned (no response is due). */
  LDAPResult run() throws LDAPException {
    context.limits().checkDn("the search base", request.getBaseDN());
    context.limits().checkFilter(request.getFilter());
    DN base = parseBase(request.getBaseDN());
    Filter filter = canonical(request.getFilter());
    Projection projection = new Projection(schema, request.getAttributes(), request.typesOnly());
    SearchScope scope = request.getScope();
    long deadline = deadline();
    Limits limits = new Limits(sizeLimit(), deadline);

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
    Set<String> candidates = context.planner().candidates(filter);
    Counter counter = new Counter();
    for (String baseKey : bases) {
      SearchScope effective = base.isNullDN() && scope == SearchScope.ONE ? SearchScope.BASE : scope;
      Iterator<String> keys =
          candidates != null ? inScope(candidates, baseKey, effective) : scopeIterator(baseKey, effective);
      LDAPResult stop = examine(keys, filter, projection, limits, counter);
      if (stop != null) {
        return stop == ABANDONED ? null : stop;
      }
    }
    return success();
  }

  private static final LDAPResult ABANDONED = new LDAPResult(-1, ResultCode.CANCELED);

  private LDAPResult examine(
      Iterator<String> keys, Filter filter, Projection projection, Limits limits, Counter counter) {
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
        continue; // a mailbox hidden from address lists (R-MEMBERS)
      }
      context.readAccess().visibleView(requester, key, entry);
      if (virtualNeeded) {
        addVirtual(entry, key, compliance);
      }
      if (!context.evaluator().matches(filter, entry)) {
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

  private Iterator<String> scopeIterator(String baseKey, SearchScope scope) {
    DirectoryStore store = context.store();
    if (scope == SearchScope.BASE) {
      return List.of(baseKey).iterator();
    }
    if (scope == SearchScope.ONE) {
      return store.children(baseKey);
    }
    Iterator<String> subtree = store.subtree(baseKey);
    if (scope == SearchScope.SUBORDINATE_SUBTREE && subtree.hasNext()) {
      subtree.next();
    }
    return subtree;
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

  private static LDAPResult success() {
    return new LDAPResult(-1, ResultCode.SUCCESS);
  }

  private static LDAPResult timeLimitExceeded() {
    return new LDAPResult(
        -1, ResultCode.TIME_LIMIT_EXCEEDED, "time limit exceeded; narrow the filter", null, (String[]) null, null);
  }

  private record Limits(int sizeLimit, long deadline) {}

  private static final class Counter {
    long examined;
    int sent;
  }
}
