package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.List;

/** What a rule may read of the directory while deciding on a write. */
public interface DirectoryView {

  Schema schema();

  /** A modifiable copy of the entry with this normalised DN, or null. */
  Entry get(String key);

  /**
   * The entry with this normalised DN, or null, for reading only: it may be shared with other
   * readers, so never change it ({@link #get} gives a copy to change).
   */
  default Entry read(String key) {
    return get(key);
  }

  boolean exists(String key);

  /** The key of a DN's parent (a DN parsed with the schema), or null for a DN without a parent. */
  default String parentKey(DN dn) {
    DN parent = dn.getParent();
    return parent == null || parent.isNullDN() ? null : parent.toNormalizedString();
  }

  int childCount(String key);

  /** Keys of the immediate children. */
  List<String> children(String key);

  /**
   * Keys of entries that may hold the value (a superset: check each with the matching rule), or
   * null when the attribute has no index.
   */
  List<String> lookup(String attribute, String value);

  /** The closest existing ancestor of a missing entry, as stored, or "" when there is none. */
  default String matchedDn(DN dn) {
    for (DN parent = dn.getParent(); parent != null && !parent.isNullDN(); parent = parent.getParent()) {
      Entry entry = get(parent.toNormalizedString());
      if (entry != null) {
        return entry.getDN();
      }
    }
    return "";
  }
}
