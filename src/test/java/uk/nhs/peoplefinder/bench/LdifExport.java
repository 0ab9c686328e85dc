package uk.nhs.peoplefinder.bench;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * Writes every entry of a loaded People Finder directory to LDIF, parents first, in the form
 * {@code slapadd} accepts: user attributes only (operational attributes such as
 * {@code createTimestamp} and {@code entryUUID} are left for slapd to make) and no
 * {@code userPassword} (its PBKDF2 hashes mean nothing to slapd; the benchmark binds as slapd's
 * rootdn).
 */
final class LdifExport {
  private LdifExport() {}

  /** Exports into {@code file} (written beside it first, then moved into place); returns the entry count. */
  static int write(DirectoryStore store, Path file) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    int count = 0;
    try (LDIFWriter ldif = new LDIFWriter(Files.newOutputStream(partial))) {
      for (String suffix : store.suffixKeys()) {
        Iterator<String> keys = store.subtree(suffix);
        while (keys.hasNext()) {
          Entry entry = store.get(keys.next());
          if (entry != null) {
            ldif.writeEntry(userAttributes(entry, store.schema()));
            count++;
          }
        }
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return count;
  }

  private static Entry userAttributes(Entry entry, Schema schema) {
    List<Attribute> kept = new ArrayList<>();
    for (Attribute attribute : entry.getAttributes()) {
      AttributeTypeDefinition type = schema.getAttributeType(attribute.getBaseName());
      boolean operational = type != null && type.isOperational();
      if (!operational && !attribute.getBaseName().equalsIgnoreCase(Attr.USER_PASSWORD)) {
        kept.add(attribute);
      }
    }
    return new Entry(entry.getDN(), kept);
  }
}
