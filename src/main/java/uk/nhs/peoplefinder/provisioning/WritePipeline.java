package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import uk.nhs.peoplefinder.directory.ParsedDns;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;
import uk.nhs.peoplefinder.store.DirectoryStore;
import uk.nhs.peoplefinder.store.StoreOp;

/**
 * The one road every write takes, whoever makes it: resolve the change against the directory,
 * run the rules in their listed order, then apply the result to the store as one batch.
 *
 * <p>Serialisation (the one place this is decided): writes run one at a time. {@link #submitAll}
 * is synchronized, so a rule's check and the store update that follows it happen with no other
 * write in between; check-then-act rules (uniqueness, limits, last owner) therefore need no
 * locking of their own. Readers are never blocked (see {@link DirectoryStore}).
 */
public final class WritePipeline {
  private final DirectoryStore store;
  private final List<WriteRule> gates;
  private final List<WriteRule> rules;
  private final ParsedDns dns;
  private final RecentEntries recent;
  // attribute name as written → as the schema spells it; the schema never changes
  private final java.util.Map<String, String> canonicalNames = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_NAMES = 4_096;

  /**
   * @param gates rules that decide from who asks and which DN alone; they run before the pipeline
   *     looks at the directory (their {@link Write} has no before or after image), so that a
   *     refusal reveals nothing about which entries exist
   * @param rules the rules that run on the resolved write, in order
   */
  public WritePipeline(DirectoryStore store, List<WriteRule> gates, List<WriteRule> rules) {
    this.store = store;
    this.gates = List.copyOf(gates);
    this.rules = List.copyOf(rules);
    this.dns = ParsedDns.of(store.schema());
    this.recent = new RecentEntries(store);
  }

  public List<WriteRule> rules() {
    return rules;
  }

  /** The directory as rules see it, for loaders that need to look something up between writes. */
  public DirectoryView view() {
    return new StagedView(store);
  }

  public WriteResult submit(Requester requester, Change change) throws RuleViolation {
    return submitAll(requester, List.of(change)).get(0);
  }

  /**
   * Applies the changes all or nothing: each sees the ones before it, and if any is refused
   * nothing is stored; the refusal then says which change it was ({@link RuleViolation#change()}).
   */
  public synchronized List<WriteResult> submitAll(Requester requester, List<Change> changes)
      throws RuleViolation {
    List<Change> batch = List.copyOf(changes);
    StagedView view = new StagedView(store, recent, dns);
    List<WriteResult> results = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Change change = batch.get(i);
      try {
        DN dn = parseDn(change.dn());
        Write gate = new Write(change, requester, dn, null, null, batch, dns);
        for (WriteRule rule : gates) {
          rule.check(gate, view);
        }
        Write write = resolve(requester, canonicalNames(change), dn, view, batch);
        for (WriteRule rule : rules) {
          rule.check(write, view);
        }
        requireNameStillFree(write, view);
        view.stage(storeOps(write, view));
        results.add(new WriteResult(write.before(), write.after())); // nothing changes it once staged
      } catch (RuleViolation violation) {
        throw violation.inChange(i);
      }
    }
    long before = store.generation();
    try {
      store.apply(view.ops());
    } finally {
      recent.applied(view.stagedKeys(), before);
    }
    return results;
  }

  /** @param dn the change's DN, parsed */
  private Write resolve(Requester requester, Change change, DN dn, DirectoryView view, List<Change> batch)
      throws RuleViolation {
    String key = dn.toNormalizedString();
    if (change instanceof Change.Add add) {
      if (!add.serverChoosesName() && view.exists(key)) {
        throw new RuleViolation(Reason.ALREADY_EXISTS, "entry " + add.dn() + " already exists");
      }
      requireParent(dn, key, view);
      return new Write(change, requester, dn, null, add.entry(), batch, dns); // canonicalNames made it a fresh copy
    }
    Entry before = view.get(key);
    if (before == null) {
      throw new RuleViolation(
          Reason.NO_SUCH_OBJECT, "entry " + change.dn() + " does not exist", view.matchedDn(dn));
    }
    if (change instanceof Change.Modify modify) {
      return new Write(change, requester, dn, before, applyModifications(before, modify.modifications()), batch, dns);
    }
    if (change instanceof Change.Delete) {
      return new Write(change, requester, dn, before, null, batch, dns);
    }
    Change.Rename rename = (Change.Rename) change;
    return new Write(change, requester, dn, before, renamed(before, dn, rename, view), batch, dns);
  }

  /**
   * A rule may rename an add (server-chosen names); the name it chose must be free and in place.
   * An add whose name the server chooses skipped the existence check in resolve, so it is made
   * here, on the final name, whether or not a rule changed it.
   */
  private void requireNameStillFree(Write write, DirectoryView view) throws RuleViolation {
    if (!(write.change() instanceof Change.Add add)) {
      return;
    }
    DN chosen = parsed(write.after());
    if (chosen.equals(write.dn()) && !add.serverChoosesName()) {
      return;
    }
    if (!java.util.Objects.equals(dns.parentKey(chosen), dns.parentKey(write.dn()))) {
      throw new IllegalStateException("a rule moved an add to another parent: " + chosen);
    }
    if (view.exists(chosen.toNormalizedString())) {
      throw new RuleViolation(Reason.ALREADY_EXISTS, "entry " + chosen + " already exists");
    }
  }

  private void requireParent(DN dn, String key, DirectoryView view) throws RuleViolation {
    if (store.isSuffix(key)) {
      return;
    }
    DN parent = dn.getParent();
    if (parent == null || parent.isNullDN() || !view.exists(dns.parentKey(dn))) {
      throw new RuleViolation(
          Reason.NO_SUCH_OBJECT,
          "parent entry " + (parent == null ? "" : parent) + " does not exist; add it first",
          view.matchedDn(dn));
    }
  }

  private Entry applyModifications(Entry before, List<Modification> modifications) throws RuleViolation {
    if (modifications.isEmpty()) {
      return before.duplicate();
    }
    try {
      Entry after = Entry.applyModifications(before, false, modifications);
      return new Entry(before.getDN(), store.schema(), after.getAttributes());
    } catch (LDAPException e) {
      throw new RuleViolation(reasonFor(e.getResultCode()), e.getMessage());
    }
  }

  private Entry renamed(Entry before, DN dn, Change.Rename rename, DirectoryView view) throws RuleViolation {
    RDN newRdn;
    try {
      newRdn = new RDN(rename.newRdn(), store.schema());
    } catch (LDAPException e) {
      throw new RuleViolation(Reason.INVALID_DN, "new RDN '" + rename.newRdn() + "' is not a valid RDN");
    }
    // A naming context's parent (dc=net for dc=nhs,dc=net) is not stored, so this is decided
    // before the new parent is looked up.
    if (store.isSuffix(dn.toNormalizedString())) {
      throw new RuleViolation(Reason.UNWILLING, "a naming context (" + dn + ") cannot be renamed or moved");
    }
    DN parent = rename.newSuperior() == null ? dn.getParent() : parseDn(rename.newSuperior());
    if (parent == null || parent.isNullDN()) {
      throw new RuleViolation(
          Reason.UNWILLING, "cannot move " + dn + " to the root; name a new superior inside the directory");
    }
    String parentKey = parent.toNormalizedString();
    if (!view.exists(parentKey)) {
      throw new RuleViolation(
          Reason.NO_SUCH_OBJECT, "new parent " + parent + " does not exist", view.matchedDn(parent));
    }
    if (parent.equals(dn) || parent.isDescendantOf(dn, false)) {
      throw new RuleViolation(Reason.UNWILLING, "cannot move " + dn + " beneath itself");
    }
    DN newDn = new DN(newRdn, parent);
    String newKey = newDn.toNormalizedString();
    if (!newKey.equals(dn.toNormalizedString()) && view.exists(newKey)) {
      throw new RuleViolation(Reason.ALREADY_EXISTS, "entry " + newDn + " already exists");
    }
    Entry after = new Entry(newDn.toString(), store.schema(), before.getAttributes());
    RDN oldRdn = dn.getRDN();
    if (rename.deleteOldRdn()) {
      String[] names = oldRdn.getAttributeNames();
      byte[][] values = oldRdn.getByteArrayAttributeValues();
      for (int i = 0; i < names.length; i++) {
        if (!newRdn.hasAttributeValue(names[i], values[i])) {
          after.removeAttributeValue(names[i], values[i]);
        }
      }
    }
    String[] names = newRdn.getAttributeNames();
    byte[][] values = newRdn.getByteArrayAttributeValues();
    for (int i = 0; i < names.length; i++) {
      if (!after.hasAttributeValue(names[i], values[i])) {
        after.addAttribute(new Attribute(canonicalName(names[i]), store.schema(), new byte[][] {values[i]}));
      }
    }
    return after;
  }

  private List<StoreOp> storeOps(Write write, DirectoryView view) {
    Set<String> moved = new HashSet<>();
    List<StoreOp> ops = new ArrayList<>(targetOps(write, view, moved));
    for (Entry related : write.relatedEntries()) {
      if (!moved.contains(parsed(related).toNormalizedString())) {
        ops.add(new StoreOp.Put(related));
      }
    }
    return ops;
  }

  /** @param moved collects the old keys of a renamed subtree, whose related versions move with it */
  private List<StoreOp> targetOps(Write write, DirectoryView view, Set<String> moved) {
    String key = write.dn().toNormalizedString();
    if (write.isDelete()) {
      return List.of(new StoreOp.Remove(key));
    }
    if (!write.isRename()) {
      return List.of(new StoreOp.Put(write.after()));
    }
    // A rename moves the whole subtree: remove it bottom-up, put it back top-down under the new DN.
    List<String> subtree = new ArrayList<>();
    collectSubtree(key, view, subtree);
    List<StoreOp> ops = new ArrayList<>();
    for (int i = subtree.size() - 1; i >= 0; i--) {
      ops.add(new StoreOp.Remove(subtree.get(i)));
    }
    ops.add(new StoreOp.Put(write.after()));
    DN oldBase = write.dn();
    DN newBase = parsed(write.after());
    moved.addAll(subtree);
    for (String descendant : subtree.subList(1, subtree.size())) {
      Entry changed = write.related(descendant);
      Entry entry = changed != null ? changed : view.get(descendant);
      DN rebased = rebase(parsed(entry), oldBase, newBase);
      ops.add(new StoreOp.Put(new Entry(rebased.toString(), store.schema(), entry.getAttributes())));
    }
    return ops;
  }

  /** The DN of an entry that the pipeline already validated. */
  static DN parsed(Entry entry) {
    try {
      return entry.getParsedDN();
    } catch (LDAPException e) {
      throw new IllegalStateException("entry with an invalid DN reached the pipeline: " + entry.getDN(), e);
    }
  }

  private static void collectSubtree(String key, DirectoryView view, List<String> out) {
    List<String> pending = new ArrayList<>(List.of(key));
    while (!pending.isEmpty()) {
      String next = pending.remove(pending.size() - 1);
      out.add(next);
      List<String> children = view.children(next);
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.add(children.get(i));
      }
    }
  }

  private static DN rebase(DN dn, DN oldBase, DN newBase) {
    List<RDN> rdns = new ArrayList<>();
    for (DN d = dn; !d.equals(oldBase); d = d.getParent()) {
      rdns.add(d.getRDN());
    }
    RDN[] all = new RDN[rdns.size() + newBase.getRDNs().length];
    for (int i = 0; i < rdns.size(); i++) {
      all[i] = rdns.get(i);
    }
    System.arraycopy(newBase.getRDNs(), 0, all, rdns.size(), newBase.getRDNs().length);
    return new DN(all);
  }

  private DN parseDn(String dn) throws RuleViolation {
    try {
      return dns.parse(dn);
    } catch (LDAPException e) {
      throw new RuleViolation(Reason.INVALID_DN, "'" + dn + "' is not a valid DN");
    }
  }

  /** Rewrites attribute names to their schema spelling (so nhsIDCode is stored as nhsOdsCode). */
  private Change canonicalNames(Change change) throws RuleViolation {
    if (change instanceof Change.Add add) {
      Entry entry = new Entry(add.entry().getDN(), store.schema());
      try {
        entry.setDN(dns.parse(add.entry().getDN())); // the same DN, parsed once for the whole write
      } catch (LDAPException e) {
        throw new RuleViolation(Reason.INVALID_DN, "'" + add.entry().getDN() + "' is not a valid DN");
      }
      for (Attribute attribute : add.entry().getAttributes()) {
        String name = canonicalName(attribute.getName());
        entry.addAttribute(
            new Attribute(name, EqualityRules.of(store.schema(), name), attribute.getValueByteArrays()));
      }
      return new Change.Add(entry, add.serverChoosesName(), add.relax());
    }
    if (change instanceof Change.Modify modify) {
      List<Modification> modifications = new ArrayList<>();
      for (Modification m : modify.modifications()) {
        modifications.add(
            new Modification(m.getModificationType(), canonicalName(m.getAttributeName()), m.getValueByteArrays()));
      }
      return new Change.Modify(modify.dn(), modifications);
    }
    return change;
  }

  private String canonicalName(String name) throws RuleViolation {
    String known = canonicalNames.get(name);
    if (known != null) {
      return known;
    }
    String canonical = schemaName(name);
    if (canonicalNames.size() < MAX_NAMES) {
      canonicalNames.put(name, canonical);
    }
    return canonical;
  }

  private String schemaName(String name) throws RuleViolation {
    Schema schema = store.schema();
    int options = name.indexOf(';');
    String base = options < 0 ? name : name.substring(0, options);
    AttributeTypeDefinition type = schema.getAttributeType(base);
    if (type == null) {
      throw new RuleViolation(
          Reason.UNDEFINED_ATTRIBUTE,
          "schema: attribute type '" + base + "' is not defined in the schema (see cn=schema)");
    }
    return options < 0 ? type.getNameOrOID() : type.getNameOrOID() + name.substring(options);
  }

  private static Reason reasonFor(ResultCode code) {
    if (code == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS) {
      return Reason.ATTRIBUTE_OR_VALUE_EXISTS;
    }
    if (code == ResultCode.NO_SUCH_ATTRIBUTE) {
      return Reason.NO_SUCH_ATTRIBUTE;
    }
    if (code == ResultCode.NOT_ALLOWED_ON_RDN) {
      return Reason.NOT_ALLOWED_ON_RDN;
    }
    if (code == ResultCode.INVALID_ATTRIBUTE_SYNTAX) {
      return Reason.INVALID_SYNTAX;
    }
    return Reason.CONSTRAINT_VIOLATION;
  }
}
