package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Attr;

/** Reading and rewriting the {@code member} and {@code owner} links of shared mailboxes. */
final class Links {
  private Links() {}

  /** Keys of the shared mailboxes that link (member or owner) to the entry with this key. */
  static Set<String> mailboxesLinking(DirectoryView view, String key) {
    Set<String> mailboxes = new LinkedHashSet<>();
    for (String attribute : List.of(Attr.MEMBER, Attr.OWNER)) {
      List<String> keys = view.lookup(attribute, key);
      if (keys != null) {
        mailboxes.addAll(keys);
      }
    }
    return mailboxes;
  }

  /** The normalised DNs among an entry's values of a DN attribute. */
  static Set<String> keys(Schema schema, Entry entry, String attribute) {
    Set<String> keys = new LinkedHashSet<>();
    String[] values = entry == null ? null : entry.getAttributeValues(attribute);
    if (values != null) {
      for (String value : values) {
        keys.add(key(schema, value));
      }
    }
    return keys;
  }

  /** A mailbox as this write has left it so far: its related version, else as stored. */
  static Entry current(Write write, DirectoryView view, String key) {
    Entry changed = write.related(key);
    return changed != null ? changed : view.get(key);
  }

  /**
   * Rewrites one link in member and owner; drops it when {@code replacement} is null.
   *
   * @return true when the mailbox held the link
   */
  static boolean replace(Schema schema, Entry mailbox, String oldKey, String replacement) {
    boolean changed = false;
    for (String attribute : List.of(Attr.MEMBER, Attr.OWNER)) {
      String[] values = mailbox.getAttributeValues(attribute);
      if (values == null) {
        continue;
      }
      List<String> kept = new ArrayList<>();
      for (String value : values) {
        if (key(schema, value).equals(oldKey)) {
          changed = true;
          if (replacement != null) {
            kept.add(replacement);
          }
        } else {
          kept.add(value);
        }
      }
      if (kept.isEmpty()) {
        mailbox.removeAttribute(attribute);
      } else {
        mailbox.setAttribute(attribute, kept);
      }
    }
    return changed;
  }

  static String key(Schema schema, String dn) {
    try {
      return new DN(dn, schema).toNormalizedString();
    } catch (LDAPException e) {
      return dn.toLowerCase(Locale.ROOT);
    }
  }
}
