package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-RENAME: an address once given stays with its holder indefinitely (as mail or nhsMailAlias),
 * so a search or bind with an old address still finds the account; an alias a client adds is an
 * {@code @nhs.net} address nobody else holds.
 */
final class KeepOldAddresses implements WriteRule {
  static final String ID = "R-RENAME";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    EntryKind kind = EntryKind.of(after);
    if (!(kind.isAccount() || kind == EntryKind.SHARED_MAILBOX)) {
      return;
    }
    Set<String> now = addresses(after);
    Set<String> before = addresses(write.before());
    for (String address : before) {
      if (!now.contains(address)) {
        throw new RuleViolation(
            Reason.UNWILLING,
            ID + ": " + address + " was given to " + write.before().getAttributeValue(Attr.MAIL)
                + " and stays as an nhsMailAlias indefinitely; it cannot be removed");
      }
    }
    String self = write.dn().toNormalizedString();
    String[] aliases = after.getAttributeValues(Attr.NHS_MAIL_ALIAS);
    for (String alias : aliases == null ? new String[0] : aliases) {
      String lower = alias.trim().toLowerCase(Locale.ROOT);
      if (before.contains(lower)) {
        continue;
      }
      if (!lower.endsWith(Addresses.DOMAIN) || lower.indexOf('@') != lower.lastIndexOf('@')) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION, ID + ": the alias '" + alias + "' is not an @nhs.net address");
      }
      if (TakenAddresses.isTaken(view, Addresses.localPart(lower), self)) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION, ID + ": " + lower + " is already in use; addresses are never reused");
      }
    }
  }

  private static Set<String> addresses(Entry entry) {
    Set<String> addresses = new LinkedHashSet<>();
    if (entry == null) {
      return addresses;
    }
    for (String attribute : new String[] {Attr.MAIL, Attr.NHS_MAIL_ALIAS}) {
      String[] values = entry.getAttributeValues(attribute);
      if (values != null) {
        for (String value : values) {
          addresses.add(value.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return addresses;
  }
}
