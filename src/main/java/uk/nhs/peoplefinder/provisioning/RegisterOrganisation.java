package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.EntryKind;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.provisioning.RuleViolation.Reason;

/**
 * R-REGISTER and R-LIMIT's "registration creates at most 3": a registration is one batch (an LDAP
 * transaction) that adds a pharmacy, care or dental organisation together with its shared mailbox;
 * the organisation must meet the DSPT standards, and the batch creates at most 3 personal accounts
 * in it. Someone who already has an account is linked (its DN in the mailbox's member or owner),
 * not created again: {@link RequireUniqueMobile} refuses the duplicate and says so.
 *
 * <p>NOTE: an organisation added on its own, or a shared mailbox added on its own to an existing
 * organisation, is not a registration: that is how the NAS builds the directory step by step (and
 * how seed data loads). A second registration fails with entryAlreadyExists (68): at the add of
 * the organisation that exists, or, in a batch that adds only a mailbox, with R-REGISTER's "already
 * has a shared mailbox" ({@link DeriveSharedMailboxAddress}).
 */
final class RegisterOrganisation implements WriteRule {
  static final String ID = "R-REGISTER";
  static final int MAX_NEW_ACCOUNTS = 3;
  static final String STANDARDS_MET = "standardsMet";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public void check(Write write, DirectoryView view) throws RuleViolation {
    if (!write.isAdd() || write.batch().size() < 2) {
      return; // a registration adds at least the organisation and its mailbox
    }
    Entry after = write.after();
    EntryKind kind = EntryKind.of(after);
    if (kind == EntryKind.ORGANISATION && registers(write.batch(), write.dn(), view.schema())) {
      requireStandardsMet(after);
    } else if (kind == EntryKind.PERSON && isInsideRegistration(write, view.schema())) {
      requireFewNewAccounts(write, view);
    }
  }

  /** Whether the write adds an entry directly in an organisation that its batch registers. */
  static boolean isInsideRegistration(Write write, Schema schema) {
    if (!write.isAdd() || write.batch().size() < 2) {
      return false;
    }
    DN parent = write.dn().getParent();
    return parent != null && registers(write.batch(), parent, schema);
  }

  /**
   * Whether the batch registers the organisation with this DN: adds it as a pharmacy, care or
   * dental organisation, and adds a shared mailbox directly in it.
   */
  static boolean registers(List<Change> batch, DN organisation, Schema schema) {
    boolean addsOrganisation = false;
    boolean addsMailbox = false;
    for (Change change : batch) {
      if (!(change instanceof Change.Add add)) {
        continue;
      }
      DN dn = parse(add.dn(), schema);
      if (dn == null) {
        continue;
      }
      EntryKind kind = EntryKind.of(add.entry());
      if (kind == EntryKind.ORGANISATION && dn.equals(organisation)) {
        OrgType type = OrgType.of(add.entry().getAttributeValue(Attr.NHS_ORG_TYPE));
        addsOrganisation = type == OrgType.PHARMACY || type == OrgType.CARE || type == OrgType.DENTAL;
      } else if (kind == EntryKind.SHARED_MAILBOX && organisation.equals(dn.getParent())) {
        addsMailbox = true;
      }
    }
    return addsOrganisation && addsMailbox;
  }

  private static void requireStandardsMet(Entry organisation) throws RuleViolation {
    String dspt = organisation.getAttributeValue(Attr.NHS_DSPT_STATUS);
    if (STANDARDS_MET.equals(dspt)) {
      return;
    }
    throw new RuleViolation(
        Reason.CONSTRAINT_VIOLATION,
        ID + ": registering " + organisation.getAttributeValue(Attr.NHS_ODS_CODE) + " ("
            + organisation.getAttributeValue(Attr.NHS_ORG_TYPE) + ") needs nhsDsptStatus: " + STANDARDS_MET
            + " (Data Security and Protection Toolkit standards met); it has "
            + (dspt == null ? "none" : dspt) + ". Only " + STANDARDS_MET + " is accepted for a registration");
  }

  /**
   * The organisation is new in this batch, so every personal account in its container was put
   * there by this batch (moves in included, to be safe).
   */
  private static void requireFewNewAccounts(Write write, DirectoryView view) throws RuleViolation {
    String organisation = write.dn().getParent().toNormalizedString();
    int accounts = 0;
    for (String child : view.children(organisation)) {
      if (EntryKind.of(view.get(child)) == EntryKind.PERSON) {
        accounts++;
      }
    }
    if (accounts < MAX_NEW_ACCOUNTS) {
      return;
    }
    Entry org = view.get(organisation);
    Entry person = write.after();
    throw new RuleViolation(
        Reason.CONSTRAINT_VIOLATION,
        "R-LIMIT: registration creates at most " + MAX_NEW_ACCOUNTS + " personal accounts; "
            + person.getAttributeValue(Attr.GIVEN_NAME) + " " + person.getAttributeValue(Attr.SN)
            + " would be number " + (accounts + 1) + " in " + org.getAttributeValue(Attr.NHS_ODS_CODE)
            + ". Link people who already have an account instead (their DNs in the mailbox's member), and add"
            + " further accounts after the registration, up to the organisation's nhsAccountLimit");
  }

  private static DN parse(String dn, Schema schema) {
    try {
      return new DN(dn, schema);
    } catch (LDAPException e) {
      return null; // the pipeline refuses that change when it comes to it
    }
  }
}
