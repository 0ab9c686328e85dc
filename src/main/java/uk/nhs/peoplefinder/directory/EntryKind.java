package uk.nhs.peoplefinder.directory;

import com.unboundid.ldap.sdk.Entry;

/** What an entry is in the NHS tree, from its object classes and account kind. */
public enum EntryKind {
  ORGANISATION,
  SHARED_MAILBOX,
  /** A pharmacy mailbox kept as a personal account with one shared password (R-LEGACY). */
  LEGACY_SINGLE_PASSWORD_MAILBOX,
  PERSON,
  APPLICATION,
  OTHER;

  public static final String FORMAT_CURRENT = "current";
  public static final String FORMAT_LEGACY_LONG = "legacyLong";
  public static final String FORMAT_LEGACY_SINGLE_PASSWORD = "legacySinglePassword";

  public static EntryKind of(Entry entry) {
    String[] classes = entry == null ? null : entry.getObjectClassValues();
    if (classes == null) {
      return OTHER;
    }
    // NOTE: plain string comparison: Entry.hasObjectClass normalises every value on every call,
    // and this runs several times for every write.
    if (has(classes, Attr.NHS_ORGANISATION)) {
      return ORGANISATION;
    }
    if (has(classes, Attr.NHS_SHARED_MAILBOX)) {
      return SHARED_MAILBOX;
    }
    if (has(classes, Attr.NHS_PERSON)) {
      if (FORMAT_LEGACY_SINGLE_PASSWORD.equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_MAILBOX_FORMAT))) {
        return LEGACY_SINGLE_PASSWORD_MAILBOX;
      }
      return "application".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_ACCOUNT_KIND)) ? APPLICATION : PERSON;
    }
    return OTHER;
  }

  private static boolean has(String[] classes, String wanted) {
    for (String c : classes) {
      if (c.trim().equalsIgnoreCase(wanted)) {
        return true;
      }
    }
    return false;
  }

  /** Personal and application accounts, and legacy single-password mailboxes: entries with an address. */
  public boolean isAccount() {
    return this == PERSON || this == APPLICATION || this == LEGACY_SINGLE_PASSWORD_MAILBOX;
  }
}
