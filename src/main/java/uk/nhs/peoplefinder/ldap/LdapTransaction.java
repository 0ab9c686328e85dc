package uk.nhs.peoplefinder.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Modification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import uk.nhs.peoplefinder.provisioning.Change;

/**
 * The open LDAP transaction of one connection (RFC 5805): the updates sent with the Transaction
 * Specification control, queued in order until End Transaction commits them as one batch of the
 * write pipeline, all or nothing, or aborts them.
 */
final class LdapTransaction {
  /** The most updates one transaction may queue; the next one aborts it (adminLimitExceeded). */
  static final int MAX_OPERATIONS = 1_000;

  /** The most bytes of DNs and values one transaction may queue, so that it cannot hoard memory. */
  static final long MAX_BYTES = 16L * 1024 * 1024;

  private static final AtomicLong NEXT_ID = new AtomicLong(1);

  /**
   * One queued update.
   *
   * @param messageId the message ID of the update request, named in the End Transaction response
   * @param description what it asks, for messages ("add uid=…")
   * @param reads the pre-read and post-read requests to answer at commit (RFC 5805 §4.5)
   */
  record Queued(int messageId, String description, Change change, ReadEntryControls reads) {}

  private final ASN1OctetString id;
  private final List<Queued> queued = new ArrayList<>();
  private long bytes;

  private LdapTransaction(ASN1OctetString id) {
    this.id = id;
  }

  /** A new transaction with an identifier unique in this server's run. */
  static LdapTransaction start() {
    return new LdapTransaction(new ASN1OctetString(Long.toString(NEXT_ID.getAndIncrement())));
  }

  ASN1OctetString id() {
    return id;
  }

  /** The identifier as clients see it, for messages. */
  String name() {
    return id.stringValue();
  }

  boolean isIdentifiedBy(ASN1OctetString candidate) {
    return candidate != null && Arrays.equals(id.getValue(), candidate.getValue());
  }

  /**
   * Queues an update.
   *
   * @return null when queued, or why the transaction cannot take it (the caller aborts it then)
   */
  String queue(Queued update) {
    if (queued.size() >= MAX_OPERATIONS) {
      return "transaction " + name() + " already holds " + MAX_OPERATIONS + " updates, the most one may hold";
    }
    long size = sizeOf(update.change());
    if (bytes + size > MAX_BYTES) {
      return "transaction " + name() + " would hold more than " + (MAX_BYTES >> 20) + " MiB of DNs and values,"
          + " the most one may hold";
    }
    queued.add(update);
    bytes += size;
    return null;
  }

  List<Queued> queued() {
    return queued;
  }

  List<Change> changes() {
    List<Change> changes = new ArrayList<>(queued.size());
    for (Queued update : queued) {
      changes.add(update.change());
    }
    return changes;
  }

  /** About how much memory a queued change holds: its DNs and attribute values. */
  private static long sizeOf(Change change) {
    long size = utf8Length(change.dn());
    if (change instanceof Change.Add add) {
      for (Attribute attribute : add.entry().getAttributes()) {
        size += utf8Length(attribute.getName());
        for (byte[] value : attribute.getValueByteArrays()) {
          size += value.length;
        }
      }
    } else if (change instanceof Change.Modify modify) {
      for (Modification modification : modify.modifications()) {
        size += utf8Length(modification.getAttributeName());
        for (byte[] value : modification.getValueByteArrays()) {
          size += value.length;
        }
      }
    } else if (change instanceof Change.Rename rename) {
      size += utf8Length(rename.newRdn()) + (rename.newSuperior() == null ? 0 : utf8Length(rename.newSuperior()));
    }
    return size;
  }

  private static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
