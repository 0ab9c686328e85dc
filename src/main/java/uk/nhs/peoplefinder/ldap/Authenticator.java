package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.util.StaticUtils;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.PasswordHash;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.WritePipeline;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * Decides simple binds: finds the account by DN or address, checks the password, and applies
 * R-SHARED-LOGIN, R-LOCK (lockout after repeated failures) and R-PASSWORD's 90-day expiry.
 *
 * <p>NOTE: failed binds are counted in memory, per account, and forgotten on restart or on a
 * successful bind; the lock itself is stored (nhsAccountStatus locked), written through the
 * pipeline as the server. Lockout and expiry apply to personal accounts (nhsPerson) only: the
 * administrators under ou=Admins have no nhsAccountStatus, so a guesser cannot lock them out.
 */
final class Authenticator {
  static final String INVALID = "invalid credentials";
  private static final Logger LOG = System.getLogger(Authenticator.class.getName());
  // A hash of a random password, verified when a bind names no account, so that a missing
  // account costs as much time as a wrong password.
  private static final String DUMMY_HASH = PasswordHash.hash("no such account".getBytes(StandardCharsets.UTF_8));
  static final String LOCKED = "locked";

  private final DirectoryStore store;
  private final WritePipeline pipeline;
  private final Clock clock;
  private final Duration maxPasswordAge;
  private final int lockoutThreshold;
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

  Authenticator(
      DirectoryStore store, WritePipeline pipeline, Clock clock, Duration maxPasswordAge, int lockoutThreshold) {
    this.store = store;
    this.pipeline = pipeline;
    this.clock = clock;
    this.maxPasswordAge = maxPasswordAge;
    this.lockoutThreshold = lockoutThreshold;
  }

  /**
   * The account a bind name (a DN, or an address such as john.smith@nhs.net or an old address
   * kept in nhsMailAlias) names, or null.
   */
  Entry find(String name) {
    if (name.indexOf('=') < 0 && name.indexOf('@') > 0) {
      for (String attribute : List.of(Attr.MAIL, Attr.NHS_MAIL_ALIAS)) {
        // The index answers a superset; the entry itself decides.
        for (String key : store.lookup(attribute, name)) {
          Entry entry = store.get(key);
          String[] values = entry == null ? null : entry.getAttributeValues(attribute);
          for (String value : values == null ? new String[0] : values) {
            if (value.equalsIgnoreCase(name)) {
              return entry;
            }
          }
        }
      }
      return null;
    }
    try {
      return store.get(DirectoryStore.key(new DN(name, store.schema())));
    } catch (LDAPException e) {
      return null; // an unparsable DN names no account
    }
  }

  /**
   * The account the name and password prove, or an invalidCredentials (49) refusal; with {@code
   * policyControl} the refusal carries the draft-behera password policy response control.
   */
  Entry authenticate(String name, byte[] password, boolean policyControl) throws LDAPException {
    Entry entry = find(name);
    // R-SHARED-LOGIN: a shared mailbox has no password of its own and is refused like a wrong one.
    boolean mayBind = entry != null && !entry.hasObjectClass(Attr.NHS_SHARED_MAILBOX);
    String stored = mayBind ? entry.getAttributeValue(Attr.USER_PASSWORD) : null;
    boolean valid = PasswordHash.verify(stored == null ? DUMMY_HASH : stored, password) && stored != null;
    if (stored == null) {
      throw new LDAPException(ResultCode.INVALID_CREDENTIALS, INVALID);
    }
    boolean person = entry.hasObjectClass(Attr.NHS_PERSON);
    if (person && entry.hasAttributeValue(Attr.NHS_ACCOUNT_STATUS, LOCKED)) {
      throw refusal(
          "R-LOCK: the account is locked after repeated failed binds; the helpdesk or a NAS administrator"
              + " unlocks it or resets its password",
          DraftBeheraLDAPPasswordPolicy10ErrorType.ACCOUNT_LOCKED,
          policyControl);
    }
    String key = DirectoryStore.key(new DN(entry.getDN(), store.schema()));
    if (!valid) {
      if (person) {
        countFailure(key, entry.getDN());
      }
      throw new LDAPException(ResultCode.INVALID_CREDENTIALS, INVALID);
    }
    failures.remove(key);
    if (person && isExpired(entry)) {
      throw refusal(
          "R-PASSWORD: the password expired (passwords last " + maxPasswordAge.toDays() + " days); the helpdesk"
              + " or a NAS administrator resets it",
          DraftBeheraLDAPPasswordPolicy10ErrorType.PASSWORD_EXPIRED,
          policyControl);
    }
    return entry;
  }

  private boolean isExpired(Entry entry) {
    String changed = entry.getAttributeValue(Attr.NHS_PASSWORD_CHANGED_TIME);
    if (changed == null) {
      return false; // set before R-PASSWORD was recorded: counts from its next change
    }
    try {
      long since = clock.millis() - StaticUtils.decodeGeneralizedTime(changed).getTime();
      return since >= maxPasswordAge.toMillis();
    } catch (ParseException e) {
      return false;
    }
  }

  private void countFailure(String key, String dn) {
    int count = failures.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    if (count < lockoutThreshold) {
      return;
    }
    failures.remove(key);
    try {
      pipeline.submit(
          Requester.SYSTEM,
          new Change.Modify(dn, List.of(new Modification(ModificationType.REPLACE, Attr.NHS_ACCOUNT_STATUS, LOCKED))));
      LOG.log(Level.INFO, "R-LOCK: " + dn + " locked after " + count + " failed binds");
    } catch (RuleViolation e) {
      LOG.log(Level.WARNING, "R-LOCK: could not lock " + dn + ": " + e.getMessage());
    }
  }

  private static LDAPException refusal(
      String message, DraftBeheraLDAPPasswordPolicy10ErrorType error, boolean policyControl) {
    Control[] controls =
        policyControl
            ? new Control[] {new DraftBeheraLDAPPasswordPolicy10ResponseControl(null, -1, error)}
            : new Control[0];
    return new LDAPException(ResultCode.INVALID_CREDENTIALS, message, null, null, controls);
  }
}
