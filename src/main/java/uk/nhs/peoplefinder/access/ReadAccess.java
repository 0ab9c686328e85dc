package uk.nhs.peoplefinder.access;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;

/**
 * What a requester may read (SPEC §5, R-HIDE, R-MEMBERS): pure decisions, applied to each entry
 * before a filter is evaluated against it, so a filter can never test a value the requester cannot
 * see.
 */
public final class ReadAccess {
  private final boolean anonymousRead;
  private final Schema schema;

  /**
   * @param anonymousRead the fixture setting that lets anonymous clients read the directory
   * @param schema for comparing DNs (member and owner values, organisations)
   */
  public ReadAccess(boolean anonymousRead, Schema schema) {
    this.anonymousRead = anonymousRead;
    this.schema = schema;
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
   * The entry as this requester may see it: passwords never; a hidden mobile only for the person,
   * administrators and local administrators of the person's organisation (R-HIDE); a shared
   * mailbox's {@code member} and {@code owner} only for its owners and members, administrators and
   * local administrators of its organisation (R-MEMBERS). Modifies and returns the given entry.
   */
  public Entry visibleView(Requester requester, String entryKey, Entry entry) {
    entry.removeAttribute(Attr.USER_PASSWORD);
    if (hidesMobile(entry) && !mayReadHiddenMobile(requester, entryKey)) {
      entry.removeAttribute(Attr.MOBILE);
    }
    if (isSharedMailbox(entry) && !mayReadMailboxLinks(requester, entryKey, entry)) {
      entry.removeAttribute(Attr.MEMBER);
      entry.removeAttribute(Attr.OWNER);
    }
    return entry;
  }

  /**
   * Whether a search may return the entry at all: a shared mailbox with
   * {@code nhsHideFromAddressLists: TRUE} is left out of the searches of everyone who may not see
   * its links (R-MEMBERS). Decide on the entry as stored, before {@link #visibleView}.
   */
  public boolean mayList(Requester requester, String entryKey, Entry entry) {
    return !(isSharedMailbox(entry)
            && "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_FROM_ADDRESS_LISTS)))
        || mayReadMailboxLinks(requester, entryKey, entry);
  }

  /**
   * R-MEMBERS: who is linked to a shared mailbox (an account's {@code memberOf}) is shown to the
   * account itself, the mailbox's owners and members, administrators and local administrators of
   * the mailbox's organisation.
   */
  public boolean mayReadLinks(Requester requester, String accountKey, Entry mailbox, Schema schema) {
    if (requester.key().equals(accountKey)) {
      return true;
    }
    DN mailboxDn = dn(mailbox.getDN());
    return mayReadMailboxLinks(requester, mailboxDn == null ? "" : mailboxDn.toNormalizedString(), mailbox);
  }

  private boolean mayReadMailboxLinks(Requester requester, String mailboxKey, Entry mailbox) {
    if (requester.isAdministrator() || isLocalAdminOf(requester, mailboxKey)) {
      return true;
    }
    if (requester.isAnonymous()) {
      return false;
    }
    for (String attribute : new String[] {Attr.MEMBER, Attr.OWNER}) {
      String[] values = mailbox.getAttributeValues(attribute);
      for (String value : values == null ? new String[0] : values) {
        DN dn = dn(value);
        if (dn != null && dn.toNormalizedString().equals(requester.key())) {
          return true;
        }
      }
    }
    return false;
  }

  /** A local administrator of the organisation container the entry is in. */
  private boolean isLocalAdminOf(Requester requester, String entryKey) {
    if (requester.role() != Requester.Role.LOCAL_ADMIN) {
      return false;
    }
    DN self = dn(requester.key());
    DN target = dn(entryKey);
    DN organisation = self == null ? null : self.getParent();
    return organisation != null && target != null && target.isDescendantOf(organisation, false);
  }

  private DN dn(String value) {
    try {
      return new DN(value, schema);
    } catch (LDAPException e) {
      return null; // not a DN: cannot be the requester
    }
  }

  /**
   * NOTE: compares the object class names directly: {@code Entry.hasObjectClass} normalises every
   * value through the matching rule, which showed as a tenth of an ODS-code search in profiles.
   */
  private static boolean isSharedMailbox(Entry entry) {
    String[] classes = entry.getObjectClassValues();
    for (String objectClass : classes == null ? new String[0] : classes) {
      if (objectClass.equalsIgnoreCase(Attr.NHS_SHARED_MAILBOX)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hidesMobile(Entry entry) {
    return "TRUE".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_HIDE_MOBILE));
  }

  private boolean mayReadHiddenMobile(Requester requester, String entryKey) {
    return requester.isAdministrator()
        || requester.key().equals(entryKey)
        || isLocalAdminOf(requester, entryKey);
  }
}
