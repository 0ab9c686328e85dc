package uk.nhs.peoplefinder.provisioning;

import com.unboundid.util.StaticUtils;
import java.time.Clock;
import java.util.Date;
import java.util.UUID;
import com.unboundid.ldap.sdk.Entry;

/** Records who created and last changed each entry, and when, on the injected clock. */
final class StampOperationalAttributes implements WriteRule {
  private final Clock clock;

  StampOperationalAttributes(Clock clock) {
    this.clock = clock;
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
    String now = StaticUtils.encodeGeneralizedTime(new Date(clock.millis()));
    String who = write.requester().dn();
    if (write.isAdd()) {
      after.setAttribute("createTimestamp", now);
      after.setAttribute("creatorsName", who);
      after.setAttribute("entryUUID", UUID.randomUUID().toString());
    }
    after.setAttribute("modifyTimestamp", now);
    after.setAttribute("modifiersName", who);
  }
}
