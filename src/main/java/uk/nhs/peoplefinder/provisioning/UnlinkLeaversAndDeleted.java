package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import java.time.Clock;
import java.util.Date;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-DELETE, R-LEAVER and R-OWNER: a deleted account, or one marked a leaver, is unlinked from
 * every shared mailbox in the same write; but not while it is the last owner of one (53), until
 * another owner is named. A new leaver gets {@code nhsLeaverSince} from the clock.
 */
final class UnlinkLeaversAndDeleted implements WriteRule {
  private final Clock clock;

  UnlinkLeaversAndDeleted(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String id() {
    return "R-DELETE";
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    if (!EntryKind.of(write.before()).isAccount()) {
      return;
    }
    boolean deleting = write.isDelete();
    boolean leaving =
        write.isModify() && isLeaver(write.after()) && !isLeaver(write.before());
    if (!deleting && !leaving) {
      return;
    }
    String key = write.dn().toNormalizedString();
    String address = write.before().getAttributeValue(Attr.MAIL);
    for (String mailboxKey : Links.mailboxesLinking(view, key)) {
      Entry mailbox = Links.current(write, view, mailboxKey);
      Set<String> owners = Links.keys(view.schema(), mailbox, Attr.OWNER);
      if (owners.size() == 1 && owners.contains(key)) {
        String box = mailbox.getAttributeValue(Attr.MAIL);
        throw new RuleViolation(
            Reason.UNWILLING,
            deleting
                ? "R-DELETE: " + address + " is the last owner of " + box + "; name another owner before deleting it"
                : "R-OWNER: " + address + " is the last owner of " + box + "; marking it a leaver is refused until"
                    + " another owner is named");
      }
      Links.replace(view.schema(), mailbox, key, null);
      write.alsoPut(mailboxKey, mailbox);
    }
    if (leaving && !write.after().hasAttribute(Attr.NHS_LEAVER_SINCE)) {
      write.after().setAttribute(Attr.NHS_LEAVER_SINCE, StaticUtils.encodeGeneralizedTime(new Date(clock.millis())));
    }
  }

  private static boolean isLeaver(Entry entry) {
    return entry != null && "leaver".equalsIgnoreCase(entry.getAttributeValue(Attr.NHS_ACCOUNT_STATUS));
  }
}
