package uk.nhs.peoplefinder.store;

import com.unboundid.ldap.sdk.Entry;

/** One step of an atomic batch applied to the {@link DirectoryStore}. */
public sealed interface StoreOp {

  /** Adds the entry, or replaces the entry with the same DN. */
  record Put(Entry entry) implements StoreOp {}

  /** Removes the leaf entry with this normalised DN. */
  record Remove(String key) implements StoreOp {}
}
