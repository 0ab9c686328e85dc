package uk.nhs.peoplefinder.store;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes entries as compact byte arrays for keeping at rest, and decodes them on demand.
 *
 * <p>Layout: varint DN length, DN (UTF-8), varint attribute count, then per attribute a varint
 * name id (into a per-store table of attribute names), a varint value count and length-prefixed
 * values. A typical person takes well under a kilobyte this way, against about 7 KB as a live
 * {@link Entry}.
 */
final class EntryCodec {
  private final Schema schema;
  private final ConcurrentHashMap<String, Integer> nameIds = new ConcurrentHashMap<>();
  // NOTE: grows only under the store's write lock; readers see a prefix that covers every id
  // they can meet, because an entry is published after the names it uses.
  private volatile String[] names = new String[0];
  // The equality rule of each name, so that decoding does not look it up in the schema each time.
  private volatile MatchingRule[] rules = new MatchingRule[0];

  EntryCodec(Schema schema) {
    this.schema = schema;
  }

  byte[] encode(Entry entry) {
    Buffer out = new Buffer(256);
    out.string(entry.getDN());
    List<Attribute> attributes = new ArrayList<>(entry.getAttributes());
    out.varint(attributes.size());
    for (Attribute attribute : attributes) {
      out.varint(nameId(attribute.getName()));
      ASN1OctetString[] values = attribute.getRawValues();
      out.varint(values.length);
      for (ASN1OctetString value : values) {
        out.bytes(value.getValue());
      }
    }
    return out.toByteArray();
  }

  Entry decode(byte[] data) {
    Reader in = new Reader(data);
    String dn = in.string();
    Entry entry = new Entry(dn, schema);
    int attributeCount = in.varint();
    String[] table = names;
    MatchingRule[] tableRules = rules;
    for (int i = 0; i < attributeCount; i++) {
      int id = in.varint();
      int valueCount = in.varint();
      ASN1OctetString[] values = new ASN1OctetString[valueCount];
      for (int v = 0; v < valueCount; v++) {
        values[v] = new ASN1OctetString(in.bytes());
      }
      entry.addAttribute(new Attribute(table[id], tableRules[id], values));
    }
    return entry;
  }

  /** The DN as stored, without decoding the attributes. */
  String dn(byte[] data) {
    return new Reader(data).string();
  }

  private int nameId(String name) {
    Integer id = nameIds.get(name);
    if (id != null) {
      return id;
    }
    synchronized (this) {
      return nameIds.computeIfAbsent(
          name,
          n -> {
            MatchingRule[] grownRules = Arrays.copyOf(rules, rules.length + 1);
            grownRules[grownRules.length - 1] = MatchingRule.selectEqualityMatchingRule(n, schema);
            rules = grownRules;
            String[] grown = Arrays.copyOf(names, names.length + 1);
            grown[grown.length - 1] = n;
            names = grown;
            return grown.length - 1;
          });
    }
  }

  private static final class Buffer {
    private byte[] bytes;
    private int size;

    Buffer(int capacity) {
      bytes = new byte[capacity];
    }

    void varint(int value) {
      ensure(5);
      int v = value;
      while ((v & ~0x7F) != 0) {
        bytes[size++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      bytes[size++] = (byte) v;
    }

    void bytes(byte[] value) {
      varint(value.length);
      ensure(value.length);
      System.arraycopy(value, 0, bytes, size, value.length);
      size += value.length;
    }

    void string(String value) {
      bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    private void ensure(int extra) {
      if (size + extra > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
      }
    }

    byte[] toByteArray() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int position;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    int varint() {
      int result = 0;
      int shift = 0;
      while (true) {
        byte b = bytes[position++];
        result |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return result;
        }
        shift += 7;
      }
    }

    byte[] bytes() {
      int length = varint();
      byte[] value = Arrays.copyOfRange(bytes, position, position + length);
      position += length;
      return value;
    }

    String string() {
      int length = varint();
      String value = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return value;
    }
  }
}
