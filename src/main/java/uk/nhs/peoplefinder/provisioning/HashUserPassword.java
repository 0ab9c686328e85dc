package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import uk.nhs.peoplefinder.directory.PasswordHash;
import uk.nhs.peoplefinder.directory.Requester;

/** Passwords are stored only as salted slow hashes, whoever writes them. */
final class HashUserPassword implements WriteRule {
  private static final String USER_PASSWORD = "userPassword";
  // NOTE: seed loading gives hundreds of people the same demo password; hashing it once per
  // distinct password keeps start-up fast. Only the server's own writes use this memo, so no
  // client's clear-text password is ever kept.
  private final Map<String, String> seedMemo = new HashMap<>();

  @Override
  public String id() {
    return "R-PASSWORD";
  }

  @Override
  public void check(Write write, DirectoryView view) {
    Entry after = write.after();
    if (after == null || !after.hasAttribute(USER_PASSWORD)) {
      return;
    }
    Attribute attribute = after.getAttribute(USER_PASSWORD);
    List<String> hashed = new ArrayList<>();
    boolean changed = false;
    for (byte[] value : attribute.getValueByteArrays()) {
      String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
      if (PasswordHash.isHashed(text)) {
        hashed.add(text);
        continue;
      }
      changed = true;
      if (write.requester().role() == Requester.Role.SYSTEM) {
        hashed.add(seedMemo.computeIfAbsent(text, t -> PasswordHash.hash(value)));
      } else {
        hashed.add(PasswordHash.hash(value));
      }
    }
    if (changed) {
      EqualityRules.set(write, USER_PASSWORD, hashed);
    }
  }
}
