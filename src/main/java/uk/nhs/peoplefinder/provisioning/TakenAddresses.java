package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.List;
import java.util.Map;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Which {@code @nhs.net} addresses are taken: an address is unique across the {@code uid},
 * {@code mail} and {@code nhsMailAlias} of every entry, and never given to anyone else.
 */
final class TakenAddresses {
  private TakenAddresses() {}

  /** The key of the entry that holds this local part as uid, mail or alias, other than {@code exceptKey}; or null. */
  static String holder(DirectoryView view, String localPart, String exceptKey) {
    String address = uk.nhs.peoplefinder.directory.Addresses.mail(localPart);
    String holder = holderOf(view, Attr.UID, localPart, exceptKey);
    if (holder == null) {
      holder = holderOf(view, Attr.MAIL, address, exceptKey);
    }
    if (holder == null) {
      holder = holderOf(view, Attr.NHS_MAIL_ALIAS, address, exceptKey);
    }
    return holder;
  }

  static boolean isTaken(DirectoryView view, String localPart, String exceptKey) {
    return holder(view, localPart, exceptKey) != null;
  }

  /**
   * The base itself when free, else base2, base3 …: the smallest free number from 2
   * (R-PERSON-NAME).
   *
   * @param hints base → the number found free last time; numbers below it were all taken then.
   *     NOTE: without it, the n-th John Smith would probe n addresses, and a national load with
   *     hundreds of each common name would be quadratic. Because addresses are never given to
   *     anyone else (SPEC §2), numbers below the hint are never offered again even if freed.
   */
  static String firstFree(DirectoryView view, String base, String exceptKey, Map<String, Integer> hints) {
    if (!isTaken(view, base, exceptKey)) {
      return base;
    }
    for (int n = Math.max(2, hints.getOrDefault(base, 2)); ; n++) {
      String candidate = base + n;
      if (!isTaken(view, candidate, exceptKey)) {
        hints.put(base, n);
        return candidate;
      }
    }
  }

  private static String holderOf(DirectoryView view, String attribute, String value, String exceptKey) {
    List<String> keys = view.lookup(attribute, value);
    if (keys == null) {
      throw new IllegalStateException(attribute + " must be indexed for address uniqueness");
    }
    for (String key : keys) {
      if (key.equals(exceptKey)) {
        continue;
      }
      // The index is coarser than the matching rule (it ignores hyphens): check the real values.
      Entry entry = view.read(key);
      if (entry != null && hasValueIgnoringCase(entry, attribute, value)) {
        return key;
      }
    }
    return null;
  }

  private static boolean hasValueIgnoringCase(Entry entry, String attribute, String value) {
    String[] values = entry.getAttributeValues(attribute);
    if (values == null) {
      return false;
    }
    for (String v : values) {
      if (v.trim().equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }
}
