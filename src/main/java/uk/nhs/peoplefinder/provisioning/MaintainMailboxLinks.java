package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-OWNER, R-LIMIT, R-MULTI: a shared mailbox links to existing personal or application accounts
 * (any account may be linked to several mailboxes), never to a leaver (R-LEAVER); owners are
 * personal accounts, pending or active, with a mobile, and always members; an owner keeps their
 * mobile and the last owner is never removed; a pharmacy, care or dental mailbox has at most its
 * organisation's {@code nhsAccountLimit} (default 10) links.
 *
 * <p>NOTE: only accounts a write newly links are checked for status and mobile: an owner who is
 * locked out later (R-LOCK) must not freeze the links of every mailbox they own.
 */
final class MaintainMailboxLinks implements WriteRule {
  static final String ID = "R-OWNER";
  static final int DEFAULT_LIMIT = 10;

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    Entry after = write.after();
    if (EntryKind.of(after) == EntryKind.PERSON) {
      requireOwnersKeepTheirMobile(write, view);
      return;
    }
    if (EntryKind.of(after) != EntryKind.SHARED_MAILBOX) {
      return;
    }
    var schema = view.schema();
    Set<String> ownersBefore = Links.keys(schema, write.before(), Attr.OWNER);
    Set<String> membersBefore = Links.keys(schema, write.before(), Attr.MEMBER);
    Set<String> owners = Links.keys(schema, after, Attr.OWNER);
    Set<String> members = Links.keys(schema, after, Attr.MEMBER);
    if (owners.equals(ownersBefore) && members.equals(membersBefore)) {
      return;
    }
    Map<String, String> ownerDns = resolve(view, owners, "owner", after);
    Map<String, String> memberDns = resolve(view, members, "member", after);
    for (Map.Entry<String, String> owner : ownerDns.entrySet()) {
      if (!ownersBefore.contains(owner.getKey())) {
        requireOwnable(view.read(owner.getKey()), after);
      }
      memberDns.putIfAbsent(owner.getKey(), owner.getValue()); // owners are always members
    }
    for (String member : memberDns.keySet()) {
      if (!membersBefore.contains(member)) {
        requireNoLeaver(view.read(member), after);
      }
    }
    if (!ownersBefore.isEmpty() && ownerDns.isEmpty()) {
      throw new RuleViolation(
          Reason.UNWILLING,
          ID + ": " + after.getAttributeValue(Attr.MAIL) + " must keep at least one owner; name another owner"
              + " before removing the last one");
    }
    requireWithinLimit(write, view, memberDns.size(), membersBefore.size());
    setOrRemove(after, Attr.OWNER, new ArrayList<>(ownerDns.values()));
    setOrRemove(after, Attr.MEMBER, new ArrayList<>(memberDns.values()));
  }

  /** Each linked DN names an existing account; returns key → the DN as stored. */
  private static Map<String, String> resolve(DirectoryView view, Set<String> keys, String what, Entry mailbox)
      throws RuleViolation {
    Map<String, String> dns = new LinkedHashMap<>();
    for (String key : keys) {
      Entry account = view.read(key);
      EntryKind kind = EntryKind.of(account);
      if (kind != EntryKind.PERSON && kind != EntryKind.APPLICATION) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION,
            "R-MULTI: " + what + " " + key + " of " + mailbox.getAttributeValue(Attr.MAIL)
                + (account == null ? " does not exist" : " is not a personal or application account")
                + "; link personal accounts (uid=…,nhsOdsCode=…)");
      }
      dns.put(key, account.getDN());
    }
    return dns;
  }

  private static void requireOwnable(Entry account, Entry mailbox) throws RuleViolation {
    String name = account.getAttributeValue(Attr.MAIL);
    if (EntryKind.of(account) == EntryKind.APPLICATION) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION, "R-APP-NAME: " + name + " is an application account and is never an owner");
    }
    String status = account.getAttributeValue(Attr.NHS_ACCOUNT_STATUS);
    if (status != null && !status.equalsIgnoreCase("active") && !status.equalsIgnoreCase("pending")) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": " + name + " is " + status + "; an owner of " + mailbox.getAttributeValue(Attr.MAIL)
              + " is a pending or active account");
    }
    if (!account.hasAttribute(Attr.MOBILE)) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          ID + ": " + name + " has no mobile number; an owner needs one (it is how the NAS verifies requests)");
    }
  }

  private static void requireNoLeaver(Entry account, Entry mailbox) throws RuleViolation {
    if ("leaver".equalsIgnoreCase(account.getAttributeValue(Attr.NHS_ACCOUNT_STATUS))) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          "R-LEAVER: " + account.getAttributeValue(Attr.MAIL) + " is a leaver and is linked to no shared mailbox;"
              + " a new organisation marks them a joiner (moves the account) before "
              + mailbox.getAttributeValue(Attr.MAIL) + " can link them");
    }
  }

  /** R-OWNER: an owner cannot remove their mobile (it is how the NAS verifies their requests). */
  private static void requireOwnersKeepTheirMobile(Write write, DirectoryView view) throws RuleViolation {
    if (!write.isModify() || !write.before().hasAttribute(Attr.MOBILE) || write.after().hasAttribute(Attr.MOBILE)) {
      return;
    }
    String key = write.dn().toNormalizedString();
    for (String mailboxKey : Links.mailboxesLinking(view, key)) {
      Entry mailbox = Links.current(write, view, mailboxKey); // a leaver was unlinked already
      if (Links.keys(view.schema(), mailbox, Attr.OWNER).contains(key)) {
        throw new RuleViolation(
            Reason.CONSTRAINT_VIOLATION,
            ID + ": " + write.before().getAttributeValue(Attr.MAIL) + " owns " + mailbox.getAttributeValue(Attr.MAIL)
                + " and keeps a mobile number; replace it with another, or have an administrator remove them"
                + " as owner first");
      }
    }
  }

  private static void requireWithinLimit(Write write, DirectoryView view, int links, int linksBefore)
      throws RuleViolation {
    if (links <= linksBefore) {
      return; // never refuse a write that does not add links
    }
    DN parent = WritePipeline.parsed(write.after()).getParent();
    Entry org = view.get(parent.toNormalizedString());
    OrgType type = org == null ? null : OrgType.of(org.getAttributeValue(Attr.NHS_ORG_TYPE));
    if (type != OrgType.PHARMACY && type != OrgType.CARE && type != OrgType.DENTAL) {
      return;
    }
    int limit = limitOf(org);
    if (links > limit) {
      throw new RuleViolation(
          Reason.CONSTRAINT_VIOLATION,
          "R-LIMIT: " + type.value() + " " + org.getAttributeValue(Attr.NHS_ODS_CODE) + " would have " + links
              + " linked accounts (limit " + limit + ")"
              + (limit <= DEFAULT_LIMIT ? "; an ICB approval raises the limit" : ""));
    }
  }

  static int limitOf(Entry org) {
    String value = org.getAttributeValue(Attr.NHS_ACCOUNT_LIMIT);
    try {
      return value == null ? DEFAULT_LIMIT : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_LIMIT;
    }
  }

  private static void setOrRemove(Entry entry, String attribute, List<String> values) {
    if (values.isEmpty()) {
      entry.removeAttribute(attribute);
    } else {
      entry.setAttribute(attribute, values);
    }
  }

}
