package uk.nhs.peoplefinder.bench;

import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * What the benchmark's users type, taken from the loaded directory itself: the names and personal
 * addresses of people spread evenly over the whole tree, and every organisation's ODS code.
 *
 * @param people about {@code wanted} people with a given name, a surname and an address
 * @param odsCodes the ODS code of every organisation
 * @param entries entries in the directory
 */
record DirectorySample(List<Person> people, List<String> odsCodes, int entries) {

  record Person(String givenName, String surname, String mail) {}

  /** Every k-th person in tree order (k from the directory's size), so the sample spans every sector. */
  static DirectorySample of(DirectoryStore store, int wanted) {
    int step = Math.max(1, store.size() / wanted);
    List<Person> people = new ArrayList<>();
    List<String> odsCodes = new ArrayList<>();
    int seen = 0;
    Iterator<String> keys = store.subtree(store.key(Attr.ORGANISATIONS_DN));
    while (keys.hasNext()) {
      Entry entry = store.get(keys.next());
      if (entry == null) {
        continue;
      }
      if (entry.hasObjectClass(Attr.NHS_ORGANISATION) && entry.hasAttribute(Attr.NHS_ODS_CODE)) {
        odsCodes.add(entry.getAttributeValue(Attr.NHS_ODS_CODE));
      } else if (isPerson(entry) && seen++ % step == 0) {
        people.add(
            new Person(
                entry.getAttributeValue(Attr.GIVEN_NAME),
                entry.getAttributeValue(Attr.SN),
                entry.getAttributeValue(Attr.MAIL)));
      }
    }
    return new DirectorySample(List.copyOf(people), List.copyOf(odsCodes), store.size());
  }

  /** A personal account (not an application account) with the names and address clients show. */
  private static boolean isPerson(Entry entry) {
    return entry.hasObjectClass(Attr.NHS_PERSON)
        && !"application".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_ACCOUNT_KIND))
        && entry.hasAttribute(Attr.GIVEN_NAME)
        && entry.hasAttribute(Attr.SN)
        && entry.hasAttribute(Attr.MAIL);
  }
}
