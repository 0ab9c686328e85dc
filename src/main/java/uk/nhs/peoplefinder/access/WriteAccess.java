package uk.nhs.peoplefinder.access;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;

/**
 * Who may make which write (SPEC §5), decided from the requester, the change and the target entry
 * as stored: pure, so it is unit-tested without a server.
 *
 * <ul>
 *   <li>NAS administrator, helpdesk, the server itself: everything;
 *   <li>any bound user: their own {@code mobile}, {@code nhsHideMobile} and {@code userPassword};
 *   <li>an owner of a shared mailbox: add and remove its {@code member} values, add {@code owner}
 *       values (removing an owner is for the NAS administrator or the helpdesk);
 *   <li>a local administrator: everything inside their own organisation container except the
 *       organisation's account limit and its approval, and moving a leaver into it (joiner).
 * </ul>
 */
public final class WriteAccess {
  static final Set<String> SELF_SERVICE =
      Set.of(lower(Attr.MOBILE), lower(Attr.NHS_HIDE_MOBILE), lower(Attr.USER_PASSWORD));
  static final Set<String> OWNER_EDITABLE = Set.of(lower(Attr.MEMBER), lower(Attr.OWNER));
  static final Set<String> LIMIT_ATTRIBUTES =
      Set.of(lower(Attr.NHS_ACCOUNT_LIMIT), lower(Attr.NHS_LIMIT_APPROVED_BY));

  static final String ADMINS = "the NAS administrator or the helpdesk";

  private final Schema schema;

  public WriteAccess(Schema schema) {
    this.schema = schema;
  }

  /**
   * Why this requester may not make this change, or null when they may.
   *
   * @param target the target DN (for a rename, the old DN)
   * @param before the target entry as stored; null for an add
   * @param after the entry as it would be stored; null for a delete
   */
  public String refusal(Requester requester, Change change, DN target, Entry before, Entry after) {
    if (requester.isAdministrator()) {
      return null;
    }
    if (requester.isAnonymous()) {
      return "access: anonymous clients cannot write; bind first (SPEC §5)";
    }
    DN self = dn(requester.key());
    if (self == null) {
      return "access: changing " + target + " needs " + ADMINS + " (SPEC §5)";
    }
    if (change instanceof Change.Modify modify && target.equals(self)) {
      Set<String> others = attributesOutside(modify, SELF_SERVICE);
      if (others.isEmpty()) {
        return null;
      }
      if (!isLocalAdmin(requester)) {
        return "access: you may change only your own mobile, nhsHideMobile and userPassword;"
            + " changing " + String.join(", ", others) + " needs a local administrator of your"
            + " organisation, " + ADMINS + " (SPEC §5)";
      }
    }
    if (change instanceof Change.Modify modify
        && before != null
        && before.hasObjectClass(Attr.NHS_SHARED_MAILBOX)
        && holds(before, Attr.OWNER, self)) {
      Set<String> others = attributesOutside(modify, OWNER_EDITABLE);
      if (others.isEmpty()) {
        if (removesOwner(modify, before)) {
          return "access: removing an owner of " + target + " needs " + ADMINS
              + "; an owner may add and remove members and add owners (SPEC §5)";
        }
        return null;
      }
      if (!isLocalAdmin(requester)) {
        return "access: an owner may change only member and owner of " + target + "; changing "
            + String.join(", ", others) + " needs a local administrator of its organisation, "
            + ADMINS + " (SPEC §5)";
      }
    }
    if (isLocalAdmin(requester)) {
      return localAdminRefusal(self.getParent(), change, target, before, after);
    }
    return "access: changing " + target + " needs a local administrator of its organisation, "
        + ADMINS + " (SPEC §5)";
  }

  private String localAdminRefusal(DN organisation, Change change, DN target, Entry before, Entry after) {
    String elsewhere =
        "access: a local administrator may change only entries inside their own organisation ("
            + organisation + "); changing " + target + " needs a local administrator of its"
            + " organisation, " + ADMINS + " (SPEC §5)";
    if (organisation == null) {
      return elsewhere;
    }
    if (after != null && grantsAdministration(after)) {
      return "access: only " + ADMINS + " may create or grant the nasAdmin and helpdesk roles (SPEC §5)";
    }
    if (target.equals(organisation)) {
      if (!(change instanceof Change.Modify modify)) {
        return "access: adding, deleting, renaming or moving the organisation " + target
            + " needs " + ADMINS + " (SPEC §5)";
      }
      Set<String> limits = attributesIn(modify, LIMIT_ATTRIBUTES);
      if (!limits.isEmpty()) {
        return "access: changing " + String.join(", ", limits) + " of " + target + " needs "
            + ADMINS + " (R-LIMIT, SPEC §5)";
      }
      return null;
    }
    if (target.isDescendantOf(organisation, false)) {
      if (change instanceof Change.Rename rename && rename.newSuperior() != null) {
        DN parent = dn(rename.newSuperior());
        if (parent == null || !parent.isDescendantOf(organisation, true)) {
          return "access: moving " + target + " out of " + organisation + " needs " + ADMINS
              + " (SPEC §5)";
        }
      }
      return null;
    }
    if (change instanceof Change.Rename rename && rename.newSuperior() != null) {
      DN parent = dn(rename.newSuperior());
      if (parent != null && parent.equals(organisation)) {
        if (before != null && "leaver".equalsIgnoreCase(before.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))) {
          return null; // joiner
        }
        return "access: a local administrator may move into " + organisation + " only an account"
            + " whose nhsAccountStatus is leaver (joiner); moving " + target + " needs " + ADMINS
            + " (SPEC §5)";
      }
    }
    return elsewhere;
  }

  private static boolean grantsAdministration(Entry entry) {
    return entry.hasObjectClass(Attr.NHS_ADMINISTRATOR)
        || entry.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_NAS_ADMIN)
        || entry.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_HELPDESK);
  }

  private boolean removesOwner(Change.Modify modify, Entry before) {
    for (Modification m : modify.modifications()) {
      if (!baseName(m.getAttributeName()).equals(lower(Attr.OWNER))) {
        continue;
      }
      ModificationType type = m.getModificationType();
      if (type == ModificationType.DELETE) {
        return true;
      }
      if (type == ModificationType.REPLACE) {
        Set<DN> kept = new HashSet<>();
        for (String value : m.getValues()) {
          DN dn = dn(value);
          if (dn != null) {
            kept.add(dn);
          }
        }
        String[] current = before.getAttributeValues(Attr.OWNER);
        for (String value : current == null ? new String[0] : current) {
          DN dn = dn(value);
          if (dn == null || !kept.contains(dn)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean holds(Entry entry, String attribute, DN dn) {
    String[] values = entry.getAttributeValues(attribute);
    for (String value : values == null ? new String[0] : values) {
      if (dn.equals(dn(value))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLocalAdmin(Requester requester) {
    return requester.role() == Requester.Role.LOCAL_ADMIN;
  }

  private static Set<String> attributesOutside(Change.Modify modify, Set<String> allowed) {
    Set<String> outside = new LinkedHashSet<>();
    for (Modification m : modify.modifications()) {
      if (!allowed.contains(baseName(m.getAttributeName()))) {
        outside.add(m.getAttributeName());
      }
    }
    return outside;
  }

  private static Set<String> attributesIn(Change.Modify modify, Set<String> names) {
    Set<String> in = new LinkedHashSet<>();
    for (Modification m : modify.modifications()) {
      if (names.contains(baseName(m.getAttributeName()))) {
        in.add(m.getAttributeName());
      }
    }
    return in;
  }

  private DN dn(String value) {
    try {
      return new DN(value, schema);
    } catch (LDAPException e) {
      return null;
    }
  }

  private static String baseName(String name) {
    int options = name.indexOf(';');
    return lower(options < 0 ? name : name.substring(0, options));
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
