package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import uk.nhs.peoplefinder.directory.Attr;

/** Turns a stored entry into its Lucene document (fields described in {@link IndexFields}). */
final class EntryDocument {
  private static final String MOBILE = IndexFields.lower(Attr.MOBILE);
  private static final String MEMBER = IndexFields.lower(Attr.MEMBER);
  private static final String OWNER = IndexFields.lower(Attr.OWNER);
  private static final String CN = IndexFields.lower(Attr.CN);

  private final IndexFields fields;
  private final Schema schema;
  /** Attributes that have had an over-long value indexed as a marker; queries on them include it. */
  private final Set<String> overlong;

  EntryDocument(IndexFields fields, Schema schema, Set<String> overlong) {
    this.fields = fields;
    this.schema = schema;
    this.overlong = overlong;
  }

  Document build(Entry entry) throws LDAPException {
    DN dn = new DN(entry.getDN(), schema);
    String key = dn.toNormalizedString();
    Document doc = new Document();
    doc.add(new StringField(IndexFields.KEY, key, Field.Store.NO));
    doc.add(new SortedDocValuesField(IndexFields.KEY, new BytesRef(key)));
    doc.add(new BinaryDocValuesField(IndexFields.KEY_VALUE, new BytesRef(key)));
    doc.add(new StringField(IndexFields.ANCESTOR, key, Field.Store.NO));
    DN parent = dn.getParent();
    if (parent != null) {
      doc.add(new StringField(IndexFields.PARENT, parent.toNormalizedString(), Field.Store.NO));
    }
    for (DN above = parent; above != null && !above.isNullDN(); above = above.getParent()) {
      doc.add(new StringField(IndexFields.ANCESTOR, above.toNormalizedString(), Field.Store.NO));
    }
    boolean hideMobile = "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_MOBILE));
    Set<String> seen = new HashSet<>();
    for (Attribute attribute : entry.getAttributes()) {
      String name = fields.canonical(attribute.getBaseName());
      if (!fields.isIndexed(name)) {
        continue;
      }
      boolean hidden = hideMobile && name.equals(MOBILE);
      String field = hidden ? IndexFields.HIDDEN_MOBILE : name;
      if (seen.add(field)) {
        doc.add(new StringField(IndexFields.HAS, field, Field.Store.NO));
      }
      for (String value : attribute.getValues()) {
        addValue(doc, name, field, hidden, value);
      }
      if (name.equals(MEMBER) || name.equals(OWNER)) {
        for (String value : attribute.getValues()) {
          doc.add(new StringField(IndexFields.LINKED, key(value), Field.Store.NO));
        }
      }
    }
    String name = smallestName(entry);
    if (name != null) {
      doc.add(new BinaryDocValuesField(IndexFields.NAME_VALUE, new BytesRef(name)));
    }
    if (entry.hasObjectClass(Attr.NHS_SHARED_MAILBOX)
        && "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_FROM_ADDRESS_LISTS))) {
      doc.add(new StringField(IndexFields.LIST_HIDDEN, IndexFields.TRUE, Field.Store.NO));
    }
    return doc;
  }

  private void addValue(Document doc, String name, String field, boolean hidden, String value) {
    String normalised = fields.normalise(name, value);
    if (normalised.length() > IndexFields.MAX_TERM_CHARS) {
      overlong.add(field);
      doc.add(new StringField(IndexFields.value(field), IndexFields.OVERLONG, Field.Store.NO));
      return;
    }
    doc.add(new StringField(IndexFields.value(field), normalised, Field.Store.NO));
    if (hidden) {
      return; // a hidden mobile is neither sorted on nor fuzzily matched
    }
    if (IndexFields.SORTABLE.contains(name)) {
      doc.add(new SortedSetDocValuesField(IndexFields.sort(name), new BytesRef(normalised)));
    }
    if (IndexFields.NAME_LIKE.contains(name)) {
      for (String word : ApproximateMatch.words(value)) {
        doc.add(new StringField(IndexFields.words(name), word, Field.Store.NO));
        if (word.length() >= 4) {
          doc.add(new StringField(IndexFields.phonetic(name), ApproximateMatch.soundex(word), Field.Store.NO));
        }
      }
    }
  }

  /** The entry's smallest normalised cn (by UTF-8 bytes, as the sort on cn compares), or null. */
  private String smallestName(Entry entry) {
    String[] values = entry.getAttributeValues(Attr.CN);
    BytesRef smallest = null;
    for (String value : values == null ? new String[0] : values) {
      BytesRef normalised = new BytesRef(fields.normalise(CN, value));
      if (smallest == null || normalised.compareTo(smallest) < 0) {
        smallest = normalised;
      }
    }
    return smallest == null ? null : smallest.utf8ToString();
  }

  private String key(String dn) {
    try {
      return new DN(dn, schema).toNormalizedString();
    } catch (LDAPException e) {
      return dn; // not a DN: links no-one
    }
  }
}
