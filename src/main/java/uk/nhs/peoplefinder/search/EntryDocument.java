package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
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
  /** Attributes that have had an over-long value indexed as a marker; queries on them include it. */
  private final Set<String> overlong;

  EntryDocument(IndexFields fields, Set<String> overlong) {
    this.fields = fields;
    this.overlong = overlong;
  }

  /**
   * @param key the entry's normalised DN, as the store keys it
   */
  Document build(Entry entry, String key) {
    Document doc = new Document();
    BytesRef keyBytes = new BytesRef(key);
    doc.add(new StringField(IndexFields.KEY, keyBytes, Field.Store.NO));
    doc.add(new SortedDocValuesField(IndexFields.KEY, keyBytes));
    doc.add(new BinaryDocValuesField(IndexFields.KEY_VALUE, keyBytes));
    doc.add(new StringField(IndexFields.ANCESTOR, keyBytes, Field.Store.NO));
    String parent = parentKey(key);
    if (parent != null) {
      doc.add(new StringField(IndexFields.PARENT, parent, Field.Store.NO));
    }
    for (String above = parent; above != null; above = parentKey(above)) {
      doc.add(new StringField(IndexFields.ANCESTOR, above, Field.Store.NO));
    }
    boolean hideMobile = "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_MOBILE));
    Set<String> seen = new HashSet<>();
    BytesRef smallestName = null;
    for (Attribute attribute : entry.getAttributes()) {
      IndexFields.Plan plan = fields.plan(attribute.getName());
      if (!plan.indexed()) {
        continue;
      }
      String name = plan.name();
      boolean hidden = hideMobile && name.equals(MOBILE);
      String field = hidden ? IndexFields.HIDDEN_MOBILE : name;
      if (seen.add(field)) {
        doc.add(new StringField(IndexFields.HAS, field, Field.Store.NO));
      }
      for (String value : attribute.getValues()) {
        BytesRef normalised = addValue(doc, plan, field, hidden, value);
        if (name.equals(CN) && (smallestName == null || normalised.compareTo(smallestName) < 0)) {
          smallestName = normalised; // by UTF-8 bytes, as the sort on cn compares
        }
      }
      if (name.equals(MEMBER) || name.equals(OWNER)) {
        for (String value : attribute.getValues()) {
          doc.add(new StringField(IndexFields.LINKED, key(value), Field.Store.NO));
        }
      }
    }
    if (smallestName != null) {
      doc.add(new BinaryDocValuesField(IndexFields.NAME_VALUE, smallestName));
    }
    if (entry.hasObjectClass(Attr.NHS_SHARED_MAILBOX)
        && "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_FROM_ADDRESS_LISTS))) {
      doc.add(new StringField(IndexFields.LIST_HIDDEN, IndexFields.TRUE, Field.Store.NO));
    }
    return doc;
  }

  /** Adds the fields of one value; returns the value normalised by the attribute's equality rule. */
  private BytesRef addValue(Document doc, IndexFields.Plan plan, String field, boolean hidden, String value) {
    String name = plan.name();
    String text = fields.normalise(name, value);
    BytesRef normalised = new BytesRef(text);
    if (text.length() > IndexFields.MAX_TERM_CHARS) {
      overlong.add(field);
      doc.add(new StringField(IndexFields.value(field), IndexFields.OVERLONG, Field.Store.NO));
      return normalised;
    }
    doc.add(new StringField(hidden ? IndexFields.value(field) : plan.valueField(), normalised, Field.Store.NO));
    if (hidden) {
      return normalised; // a hidden mobile is neither sorted on nor fuzzily matched
    }
    if (plan.sortable()) {
      doc.add(new SortedSetDocValuesField(plan.sortField(), normalised));
    }
    if (plan.prefixField() != null) {
      int indexed = IndexFields.indexedPrefix(text);
      for (int length = 1; length <= indexed; length++) {
        if (!Character.isHighSurrogate(text.charAt(length - 1))) {
          doc.add(new StringField(plan.prefixField(), text.substring(0, length), Field.Store.NO));
        }
      }
    }
    if (plan.nameLike()) {
      for (String word : ApproximateMatch.words(value)) {
        doc.add(new StringField(plan.wordsField(), word, Field.Store.NO));
        if (word.length() >= 4) {
          doc.add(new StringField(plan.phoneticField(), ApproximateMatch.soundex(word), Field.Store.NO));
        }
      }
    }
    return normalised;
  }

  private String key(String dn) {
    try {
      return fields.dns().parse(dn).toNormalizedString();
    } catch (LDAPException e) {
      return dn; // not a DN: links no-one
    }
  }

  /**
   * The key of the parent of the entry with this key, or null at the top: a normalised DN escapes
   * every special character of a value with a backslash, so the first comma not escaped ends the
   * first RDN.
   */
  static String parentKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ',') {
        return key.substring(i + 1);
      }
    }
    return null;
  }
}
