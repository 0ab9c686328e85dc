package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * The open compliance problems of one organisation (the computed {@code nhsComplianceIssue} and
 * the {@code report} command): R-TOS, R-LEGACY, R-OWNER, R-LIMIT and R-OPEN-ORG, each value
 * starting with its rule id. Pure: reads the organisation, its children and the accounts its
 * shared mailbox links to, and changes nothing.
 *
 * <p>NOTE: R-TOS applies to active pharmacies only; a closed (or dormant, or proposed) pharmacy
 * is not trading under the Terms of Service, and its accounts are listed under R-OPEN-ORG.
 */
public final class ComplianceCheck {
  public static final String TOS = "R-TOS";
  public static final String LEGACY = "R-LEGACY";
  public static final String OWNER = "R-OWNER";
  public static final String LIMIT = "R-LIMIT";
  public static final String OPEN_ORG = "R-OPEN-ORG";

  /** The rule ids, in the order their problems are listed. */
  public static final List<String> RULES = List.of(TOS, LEGACY, OWNER, LIMIT, OPEN_ORG);

  /** Linked active personal accounts a pharmacy's shared mailbox needs (R-TOS). */
  static final int TOS_MINIMUM = 2;

  private static final String ACTIVE = "active";

  private final Schema schema;
  private final Function<String, Entry> entries;
  private final Function<String, Iterator<String>> children;

  private ComplianceCheck(
      Schema schema, Function<String, Entry> entries, Function<String, Iterator<String>> children) {
    this.schema = schema;
    this.entries = entries;
    this.children = children;
  }

  public static ComplianceCheck of(DirectoryStore store) {
    return new ComplianceCheck(store.schema(), store::get, store::children);
  }

  public static ComplianceCheck of(DirectoryView view) {
    return new ComplianceCheck(view.schema(), view::get, key -> view.children(key).iterator());
  }

  /**
   * The open problems of the organisation with this normalised DN, in the order of {@link #RULES};
   * empty when it has none or is not an organisation.
   */
  public List<String> issues(String organisationKey) {
    Entry org = entries.apply(organisationKey);
    if (EntryKind.of(org) != EntryKind.ORGANISATION) {
      return List.of();
    }
    Organisation organisation = Organisation.of(org);
    Map<String, Entry> accounts = new LinkedHashMap<>();
    List<Entry> mailboxes = new ArrayList<>();
    for (Iterator<String> it = children.apply(organisationKey); it.hasNext(); ) {
      String key = it.next();
      Entry child = entries.apply(key);
      EntryKind kind = EntryKind.of(child);
      if (kind == EntryKind.SHARED_MAILBOX) {
        mailboxes.add(child);
      } else if (kind.isAccount()) {
        accounts.put(key, child);
      }
    }
    List<String> issues = new ArrayList<>();
    termsOfService(organisation, mailboxes, accounts, issues);
    legacyMailboxes(organisation, mailboxes, accounts.values(), issues);
    for (Entry mailbox : mailboxes) {
      owners(organisation, mailbox, issues);
    }
    for (Entry mailbox : mailboxes) {
      limit(organisation, mailbox, issues);
    }
    openOrganisation(organisation, accounts.values(), issues);
    return issues;
  }

  /** R-TOS: an active pharmacy's current-format mailbox has at least two linked active people. */
  private void termsOfService(
      Organisation org, List<Entry> mailboxes, Map<String, Entry> accounts, List<String> issues) {
    if (org.type() != OrgType.PHARMACY || !org.isActive()) {
      return;
    }
    String need = "; the Terms of Service need " + org.currentAddress() + " with at least " + TOS_MINIMUM
        + " linked active personal accounts";
    Entry mailbox = mailboxes.isEmpty() ? null : mailboxes.get(0);
    if (mailbox == null) {
      Entry legacy = firstLegacySinglePassword(accounts.values());
      issues.add(TOS + ": pharmacy " + org.code()
          + (legacy == null
              ? " has no shared mailbox"
              : " has only the legacy single-password account " + address(legacy) + ", no shared mailbox")
          + need);
      return;
    }
    if (!isCurrentFormat(mailbox)) {
      issues.add(TOS + ": pharmacy " + org.code() + "'s shared mailbox " + address(mailbox) + " is in the "
          + mailbox.getAttributeValue(Attr.NHS_MAILBOX_FORMAT) + " format, not the current one" + need);
      return;
    }
    int active = 0;
    for (String key : links(mailbox)) {
      Entry account = accounts.containsKey(key) ? accounts.get(key) : entries.apply(key);
      if (EntryKind.of(account) == EntryKind.PERSON
          && ACTIVE.equalsIgnoreCase(account.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))) {
        active++;
      }
    }
    if (active < TOS_MINIMUM) {
      issues.add(TOS + ": pharmacy " + org.code() + "'s shared mailbox " + address(mailbox) + " has " + active
          + " linked active personal account" + (active == 1 ? "" : "s") + "; the Terms of Service need at least "
          + TOS_MINIMUM);
    }
  }

  /** R-LEGACY: legacy long-name mailboxes and legacy single-password accounts, to migrate. */
  private static void legacyMailboxes(
      Organisation org, List<Entry> mailboxes, Iterable<Entry> accounts, List<String> issues) {
    for (Entry mailbox : mailboxes) {
      if (EntryKind.FORMAT_LEGACY_LONG.equalsIgnoreCase(mailbox.getAttributeValue(Attr.NHS_MAILBOX_FORMAT))) {
        issues.add(LEGACY + ": " + org.code() + "'s shared mailbox " + address(mailbox) + " has a legacy long"
            + " name and should be migrated to " + org.currentAddress()
            + " (set nhsMailboxFormat: current; the old address stays as an alias)");
      }
    }
    for (Entry account : accounts) {
      if (EntryKind.of(account) == EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX) {
        issues.add(LEGACY + ": " + org.code() + "'s " + address(account) + " is a legacy single-password"
            + " mailbox (one login shared by the pharmacy) and should be migrated to " + org.currentAddress()
            + ", with the staff's own accounts linked");
      }
    }
  }

  /** R-OWNER: a shared mailbox has more than one owner, for business continuity. */
  private void owners(Organisation org, Entry mailbox, List<String> issues) {
    int owners = Links.keys(schema, mailbox, Attr.OWNER).size();
    if (owners == 0) {
      issues.add(OWNER + ": " + org.code() + "'s shared mailbox " + address(mailbox) + " has no owner; name"
          + " at least two (a personal account with a mobile)");
    } else if (owners == 1) {
      issues.add(OWNER + ": " + org.code() + "'s shared mailbox " + address(mailbox)
          + " has one owner; name another for business continuity");
    }
  }

  /** R-LIMIT: no more links than the organisation's limit (possible after seed data lowered it). */
  private void limit(Organisation org, Entry mailbox, List<String> issues) {
    int links = links(mailbox).size();
    if (links <= org.limit()) {
      return;
    }
    issues.add(LIMIT + ": " + org.describe() + "'s shared mailbox " + address(mailbox) + " has " + links
        + " linked accounts, over its limit of " + org.limit() + "; unlink " + (links - org.limit())
        + (links > MaintainMailboxLinks.DEFAULT_LIMIT ? " or ask an ICB to approve a higher limit" : ""));
  }

  /** R-OPEN-ORG: an organisation that is not active holds no accounts (leavers are on their way out). */
  private static void openOrganisation(Organisation org, Iterable<Entry> accounts, List<String> issues) {
    if (org.isActive()) {
      return;
    }
    for (Entry account : accounts) {
      if ("leaver".equalsIgnoreCase(account.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))) {
        continue;
      }
      issues.add(OPEN_ORG + ": " + address(account) + " is in " + org.status() + " organisation " + org.code()
          + "; move it (joiner) or mark it a leaver");
    }
  }

  /** Keys of the accounts a mailbox links to: its members, and its owners (who are members too). */
  private Set<String> links(Entry mailbox) {
    Set<String> keys = new LinkedHashSet<>(Links.keys(schema, mailbox, Attr.MEMBER));
    keys.addAll(Links.keys(schema, mailbox, Attr.OWNER));
    return keys;
  }

  private static boolean isCurrentFormat(Entry mailbox) {
    String format = mailbox.getAttributeValue(Attr.NHS_MAILBOX_FORMAT);
    return format == null || EntryKind.FORMAT_CURRENT.equalsIgnoreCase(format);
  }

  private static Entry firstLegacySinglePassword(Iterable<Entry> accounts) {
    for (Entry account : accounts) {
      if (EntryKind.of(account) == EntryKind.LEGACY_SINGLE_PASSWORD_MAILBOX) {
        return account;
      }
    }
    return null;
  }

  private static String address(Entry entry) {
    String mail = entry.getAttributeValue(Attr.MAIL);
    return mail != null ? mail : entry.getDN();
  }

  /** What the checks need of the organisation entry. */
  private record Organisation(Entry entry, String code, OrgType type, String status, int limit) {
    static Organisation of(Entry entry) {
      String code = entry.getAttributeValue(Attr.NHS_ODS_CODE);
      String status = entry.getAttributeValue(Attr.NHS_ORG_STATUS);
      return new Organisation(
          entry,
          code == null ? entry.getDN() : code,
          OrgType.of(entry.getAttributeValue(Attr.NHS_ORG_TYPE)),
          status == null ? ACTIVE : status,
          MaintainMailboxLinks.limitOf(entry));
    }

    boolean isActive() {
      return ACTIVE.equalsIgnoreCase(status);
    }

    /** "pharmacy FA123", "care V1A2B", or just the code for other kinds. */
    String describe() {
      return type == OrgType.PHARMACY || type == OrgType.CARE || type == OrgType.DENTAL
          ? type.value() + " " + code
          : code;
    }

    /** The address its shared mailbox has in the current format (R-SHARED-NAME). */
    String currentAddress() {
      try {
        ParentOrganisation parent =
            new ParentOrganisation(
                entry,
                OdsCode.of(code),
                type == null ? OrgType.OTHER : type,
                entry.getAttributeValue(Attr.OU) == null ? code : entry.getAttributeValue(Attr.OU),
                entry.getAttributeValue(Attr.L));
        return Addresses.mail(DeriveSharedMailboxAddress.currentLocalPart(parent));
      } catch (IllegalArgumentException e) {
        return Addresses.mail("pharmacy." + code.toLowerCase(java.util.Locale.ROOT)); // not a valid code
      }
    }
  }
}
