package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import uk.nhs.peoplefinder.directory.Requester;

/**
 * One change on its way through the {@link WritePipeline}: the request, who made it, the entry as
 * it is now and as it will be. Rules read it and may enrich {@link #after()} with derived values.
 */
public final class Write {
  private final Change change;
  private final Requester requester;
  private final DN dn;
  private final Entry before;
  private final Entry after;
  private final java.util.Map<String, Entry> related = new java.util.LinkedHashMap<>();
  private final java.util.List<Change> batch;
  private final uk.nhs.peoplefinder.directory.ParsedDns dns;

  Write(
      Change change,
      Requester requester,
      DN dn,
      Entry before,
      Entry after,
      java.util.List<Change> batch,
      uk.nhs.peoplefinder.directory.ParsedDns dns) {
    this.dns = dns;
    this.change = change;
    this.requester = requester;
    this.dn = dn;
    this.before = before;
    this.after = after;
    this.batch = batch;
  }

  /** The directory's schema, with which {@link #after()} is built. */
  com.unboundid.ldap.sdk.schema.Schema schema() {
    return dns.schema();
  }

  /**
   * Gives {@link #after()} a new DN, already parsed with the schema as the entry would parse it
   * (and as the store will), from the memory of parsed DNs.
   */
  void renameAfter(String newDn) {
    try {
      after.setDN(dns.parse(newDn));
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      after.setDN(newDn); // an invalid DN is reported by the checks that parse it
    }
  }

  /** The request with attribute names already in their schema spelling. */
  public Change change() {
    return change;
  }

  public Requester requester() {
    return requester;
  }

  /**
   * Every change of the batch this write belongs to (one {@link WritePipeline#submitAll}: an LDAP
   * transaction, or a single write), as submitted, in order; this write's is among them. For rules
   * that depend on what else the batch does (R-REGISTER); the effects of the earlier changes are
   * already in the view.
   */
  public java.util.List<Change> batch() {
    return batch;
  }

  /** The target DN (for a rename: the old DN). */
  public DN dn() {
    return dn;
  }

  /** The target entry as stored now; null for an add, and in access gates (see WritePipeline). */
  public Entry before() {
    return before;
  }

  /** The entry as it will be stored, modifiable by rules; null for a delete, and in access gates. */
  public Entry after() {
    return after;
  }

  /**
   * Records a change another entry needs because of this write (a shared mailbox's links when an
   * account is deleted, moved or marked a leaver); applied in the same batch. Later calls for the
   * same entry see and replace the earlier version.
   */
  public void alsoPut(String key, Entry entry) {
    related.put(key, entry);
  }

  /** The version of another entry this write has already changed, or null. */
  public Entry related(String key) {
    Entry entry = related.get(key);
    return entry == null ? null : entry.duplicate();
  }

  java.util.Collection<Entry> relatedEntries() {
    return related.values();
  }

  public boolean isAdd() {
    return change instanceof Change.Add;
  }

  public boolean isModify() {
    return change instanceof Change.Modify;
  }

  public boolean isDelete() {
    return change instanceof Change.Delete;
  }

  public boolean isRename() {
    return change instanceof Change.Rename;
  }
}
