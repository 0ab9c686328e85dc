package uk.nhs.peoplefinder.provisioning;

import com.unboundid.util.StaticUtils;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;
import com.unboundid.ldap.sdk.Entry;

/** Records who created and last changed each entry, and when, on the injected clock. */
final class StampOperationalAttributes implements WriteRule {
  private final Clock clock;
  // Formatting a generalized time is slow next to the rest of a write; bulk loads stamp thousands
  // of entries within one millisecond. Only the single writer touches these.
  private long stampedAt = Long.MIN_VALUE;
  private String stamp;

  StampOperationalAttributes(Clock clock) {
    this.clock = clock;
  }

  /**
   * A version 4 UUID. NOTE: entryUUID needs uniqueness, not secrecy, so this avoids the cost of
   * {@link UUID#randomUUID()}'s SecureRandom on bulk loads.
   */
  private static UUID randomUuid() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000000000000000L)) | 0x8000000000000000L;
    return new UUID(high, low);
  }

  @Override
  public String id() {
    return "operational";
  }

  @Override
  public void check(Write write, DirectoryView view) {
    Entry after = write.after();
    if (after == null) {
      return;
    }
    long millis = clock.millis();
    if (millis != stampedAt) {
      stamp = StaticUtils.encodeGeneralizedTime(new Date(millis));
      stampedAt = millis;
    }
    String now = stamp;
    String who = write.requester().dn();
    if (write.isAdd()) {
      EqualityRules.set(write, "createTimestamp", now);
      EqualityRules.set(write, "creatorsName", who);
      EqualityRules.set(write, "entryUUID", randomUuid().toString());
    }
    EqualityRules.set(write, "modifyTimestamp", now);
    EqualityRules.set(write, "modifiersName", who);
  }
}
