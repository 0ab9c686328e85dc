package uk.nhs.peoplefinder.access;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;

/**
 * What a requester may read (SPEC §5, R-HIDE): pure decisions, applied to each entry before a
 * filter is evaluated against it, so a filter can never test a value the requester cannot see.
 */
public final class ReadAccess {
  private final boolean anonymousRead;

  /** @param anonymousRead the fixture setting that lets anonymous clients read the directory */
  public ReadAccess(boolean anonymousRead) {
    this.anonymousRead = anonymousRead;
  }

  /** Anonymous clients see only the root DSE and the schema unless the fixture setting opens reads. */
  public boolean mayReadDirectory(Requester requester) {
    return anonymousRead || !requester.isAnonymous();
  }

  public String refusalForAnonymous() {
    return "access: anonymous clients may read only the root DSE and cn=schema; bind first"
        + " (e.g. as a person, or as uid=nas.admin,ou=Admins,dc=nhs,dc=net)";
  }

  /**
   * The entry as this requester may see it: passwords never; a hidden mobile only for its owner
   * and administrators. Modifies and returns the given entry.
   */
  public Entry visibleView(Requester requester, String entryKey, Entry entry) {
    entry.removeAttribute(Attr.USER_PASSWORD);
    if (hidesMobile(entry) && !mayReadHiddenMobile(requester, entryKey)) {
      entry.removeAttribute(Attr.MOBILE);
    }
    return entry;
  }

  /**
   * R-MEMBERS: who is linked to a shared mailbox is shown to the account itself, the mailbox's
   * owners and members, and administrators.
   */
  public boolean mayReadLinks(Requester requester, String accountKey, Entry mailbox, Schema schema) {
    if (requester.isAdministrator() || requester.key().equals(accountKey)) {
      return true;
    }
    for (String attribute : new String[] {Attr.MEMBER, Attr.OWNER}) {
      String[] values = mailbox.getAttributeValues(attribute);
      for (String value : values == null ? new String[0] : values) {
        try {
          if (new DN(value, schema).toNormalizedString().equals(requester.key())) {
            return true;
          }
        } catch (LDAPException e) {
          // not a DN: cannot be the requester
        }
      }
    }
    return false;
  }

  private static boolean hidesMobile(Entry entry) {
    return "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_MOBILE));
  }

  private static boolean mayReadHiddenMobile(Requester requester, String entryKey) {
    return requester.isAdministrator() || requester.key().equals(entryKey);
  }
}
