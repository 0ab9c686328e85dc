package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import java.util.List;

/** A requested write, independent of where it came from (LDAP client, seed, lifecycle job). */
public sealed interface Change {

  /** The DN the change targets, as the requester spelled it. */
  String dn();

  /**
   * @param serverChoosesName when true the rules name the entry (uid=john.smith2 when john.smith
   *     is taken) instead of refusing an RDN that differs from theirs; the entry's RDN is then a
   *     placeholder
   * @param relax the relax rules control (RFC 3672 / draft-zeilenga-ldap-relax): lets a NAS
   *     administrator import what only seed data may otherwise hold (R-LEGACY formats)
   */
  record Add(Entry entry, boolean serverChoosesName, boolean relax) implements Change {
    public Add(Entry entry) {
      this(entry, false, false);
    }

    public Add(Entry entry, boolean serverChoosesName) {
      this(entry, serverChoosesName, false);
    }

    @Override
    public String dn() {
      return entry.getDN();
    }
  }

  record Modify(String dn, List<Modification> modifications) implements Change {
    public Modify {
      modifications = List.copyOf(modifications);
    }
  }

  record Delete(String dn) implements Change {}

  /**
   * Modify DN: a new RDN, and optionally a new parent.
   *
   * @param newSuperior the new parent DN, or null to stay under the current parent
   */
  record Rename(String dn, String newRdn, boolean deleteOldRdn, String newSuperior) implements Change {}
}
