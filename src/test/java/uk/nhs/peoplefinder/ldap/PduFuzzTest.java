package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.RawLdapClient.End;
import uk.nhs.peoplefinder.ldap.RawLdapClient.Transcript;

/**
 * Seeded mutations of valid request PDUs, each sent alone on a new connection: every connection
 * must end (answer, error, notice of disconnection or close) within the read timeout, and the
 * server must go on serving without piling up threads. A failure lists each bad case's bytes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PduFuzzTest {
  // Fixed, so that a failure reproduces; -Dpeoplefinder.fuzz.seed=… and -Dpeoplefinder.fuzz.cases=…
  // explore further.
  private static final long SEED = Long.getLong("peoplefinder.fuzz.seed", 0x5EED_2026_1122L);
  private static final int CASES = Integer.getInteger("peoplefinder.fuzz.cases", 400);
  /** Threads the JVM may legitimately add meanwhile (common pool workers, GC helpers …). */
  private static final int THREAD_SLACK = 8;

  private static final String FA123 = "nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final String FW844 = "nhsOdsCode=FW844,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final String V1A2B = "nhsOdsCode=V1A2B,ou=Care,ou=Organisations," + Attr.BASE_DN;

  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  /** A valid request to mutate. */
  private record Seed(String name, byte[] pdu) {}

  /** One mutated request, and whether a valid admin bind goes before it on the connection. */
  private record Case(int number, Seed seed, String mutation, boolean bindFirst, byte[] bytes) {
    String describe() {
      return "case " + number + " (" + seed.name() + ", " + mutation + (bindFirst ? ", after an admin bind" : "")
          + "): " + HexFormat.of().formatHex(bytes);
    }
  }

  @Test
  void mutatedRequests_eachEndWithinTheTimeout_andTheServerKeepsServing() throws Exception {
    assertNormalSearchWorks();
    int threadsBefore = Thread.activeCount();
    List<Case> cases = cases(new Random(SEED));

    Map<String, Integer> outcomes = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    long started = System.nanoTime();
    long slowest = 0;
    for (Case c : cases) {
      long caseStarted = System.nanoTime();
      Transcript transcript = send(c);
      slowest = Math.max(slowest, System.nanoTime() - caseStarted);
      outcomes.merge(outcome(transcript), 1, Integer::sum);
      String problem = problem(transcript);
      if (problem != null) {
        problems.add(problem + " — " + c.describe());
      }
    }
    long elapsed = System.nanoTime() - started;

    System.out.printf(
        Locale.ROOT,
        "PduFuzzTest: %d cases (seed %#x) in %.1f s, slowest %.0f ms; outcomes %s%n",
        cases.size(),
        SEED,
        elapsed / 1e9,
        slowest / 1e6,
        outcomes);
    if (!problems.isEmpty()) {
      fail(problems.size() + " of " + cases.size() + " mutated requests went wrong:\n" + String.join("\n", problems));
    }
    assertNormalSearchWorks();
    assertThreadsSettle(threadsBefore);
  }

  // ---------------------------------------------------------------- running a case

  private static Transcript send(Case c) throws Exception {
    try (RawLdapClient client = new RawLdapClient(server.port())) {
      if (c.bindFirst()) {
        client.send(bindPdu(1));
      }
      client.send(c.bytes());
      // Half-close: a request cut short must then end the connection rather than wait for more.
      client.shutdownOutput();
      return client.readToEnd();
    }
  }

  /** A summary of how a connection ended, for the printed tally. */
  private static String outcome(Transcript transcript) {
    StringBuilder outcome = new StringBuilder(transcript.end().name().toLowerCase(Locale.ROOT));
    if (transcript.hasNoticeOfDisconnection()) {
      outcome.append("+notice");
    } else if (transcript.messages().stream().anyMatch(m -> m.getMessageID() == 2)) {
      outcome.append("+answer");
    }
    return outcome.toString();
  }

  /** Why this connection's ending is a server bug, or null when it is acceptable. */
  private static String problem(Transcript transcript) {
    if (transcript.end() == End.TIMEOUT) {
      return "hang: nothing for " + RawLdapClient.READ_TIMEOUT_MILLIS + " ms after " + transcript.messages();
    }
    if (transcript.end() == End.UNDECODABLE) {
      return "the server sent bytes that are not LDAP (" + transcript.detail() + ") after " + transcript.messages();
    }
    for (LDAPMessage message : transcript.messages()) {
      if (resultCode(message) == ResultCode.OTHER_INT_VALUE) {
        return "internal server error (80): " + message;
      }
    }
    return null;
  }

  private static int resultCode(LDAPMessage message) {
    return switch (message.getProtocolOpType()) {
      case LDAPMessage.PROTOCOL_OP_TYPE_BIND_RESPONSE -> message.getBindResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_RESULT_DONE -> message.getSearchResultDoneProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_ADD_RESPONSE -> message.getAddResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_MODIFY_RESPONSE -> message.getModifyResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_MODIFY_DN_RESPONSE -> message.getModifyDNResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_DELETE_RESPONSE -> message.getDeleteResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_COMPARE_RESPONSE -> message.getCompareResponseProtocolOp().getResultCode();
      case LDAPMessage.PROTOCOL_OP_TYPE_EXTENDED_RESPONSE -> message.getExtendedResponseProtocolOp().getResultCode();
      default -> -1;
    };
  }

  private static void assertNormalSearchWorks() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setResponseTimeoutMillis(RawLdapClient.READ_TIMEOUT_MILLIS);
    try (LDAPConnection connection =
        new LDAPConnection(options, "127.0.0.1", server.port(), Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD)) {
      SearchResult result = connection.search(Attr.BASE_DN, SearchScope.SUB, "(uid=john.smith)");
      assertEquals(1, result.getEntryCount(), "the normal admin search");
    }
  }

  /** Waits (bounded) for the connection threads of the closed connections to finish. */
  private static void assertThreadsSettle(int before) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int now = Thread.activeCount();
    while (now > before + THREAD_SLACK && System.nanoTime() < deadline) {
      Thread.sleep(100); // connection threads end asynchronously after their sockets close
      now = Thread.activeCount();
    }
    System.out.printf(Locale.ROOT, "PduFuzzTest: %d active threads before, %d after%n", before, now);
    assertTrue(now <= before + THREAD_SLACK, "threads grew from " + before + " to " + now);
  }

  // ---------------------------------------------------------------- the seeds

  private static byte[] bindPdu(int messageId) {
    return RawLdapClient.encode(
        messageId, new BindRequestProtocolOp(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD));
  }

  private static List<Seed> seeds() throws LDAPException {
    List<Seed> seeds = new ArrayList<>();
    seeds.add(new Seed("bind", bindPdu(2)));
    seeds.add(
        new Seed(
            "search",
            RawLdapClient.encode(
                2,
                new SearchRequestProtocolOp(
                    Attr.BASE_DN,
                    SearchScope.SUB,
                    DereferencePolicy.NEVER,
                    10,
                    5,
                    false,
                    Filter.create("(&(objectClass=nhsPerson)(|(uid=john*)(sn~=smyth))(!(nhsOdsCode=FW844)))"),
                    List.of("cn", "mail", "+")))));
    seeds.add(
        new Seed(
            "add",
            RawLdapClient.encode(
                2,
                new AddRequestProtocolOp(
                    "uid=fuzz.person," + FA123,
                    List.of(
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson", "nhsPerson"),
                        new Attribute("uid", "fuzz.person"),
                        new Attribute("mail", "fuzz.person@nhs.net"),
                        new Attribute("givenName", "Fuzz"),
                        new Attribute("sn", "Person"),
                        new Attribute("cn", "Fuzz Person (RIVERSIDE PHARMACY)"),
                        new Attribute("displayName", "Fuzz Person (RIVERSIDE PHARMACY)"),
                        new Attribute("mobile", "+447700900197"),
                        new Attribute("nhsAltEmail", "fuzz.person@example.com"))))));
    seeds.add(
        new Seed(
            "modify",
            RawLdapClient.encode(
                2,
                new ModifyRequestProtocolOp(
                    "uid=siobhan.oneil," + FA123,
                    List.of(
                        new Modification(ModificationType.REPLACE, "title", "Senior Pharmacy Technician"),
                        new Modification(ModificationType.ADD, "telephoneNumber", "+44 113 496 0000"))))));
    seeds.add(
        new Seed(
            "modifyDN",
            RawLdapClient.encode(
                2, new ModifyDNRequestProtocolOp("uid=david.evans," + V1A2B, "uid=david.evans", false, FW844))));
    seeds.add(
        new Seed(
            "compare",
            RawLdapClient.encode(
                2,
                new CompareRequestProtocolOp(
                    "uid=priya.patel-sharma," + FA123, "title", new ASN1OctetString("Dispensing Assistant")))));
    seeds.add(
        new Seed(
            "whoami", RawLdapClient.encode(2, new ExtendedRequestProtocolOp("1.3.6.1.4.1.4203.1.11.3", null))));
    return seeds;
  }

  // ---------------------------------------------------------------- mutations

  private static List<Case> cases(Random random) throws LDAPException {
    List<Seed> seeds = seeds();
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      Seed seed = seeds.get(random.nextInt(seeds.size()));
      byte[] bytes = seed.pdu();
      StringBuilder description = new StringBuilder();
      int mutations = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
      for (int m = 0; m < mutations; m++) {
        String done;
        byte[] before = bytes;
        switch (random.nextInt(5)) {
          case 0 -> {
            bytes = flip(bytes, random);
            done = "flip";
          }
          case 1 -> {
            bytes = truncate(bytes, random);
            done = "truncate to " + bytes.length;
          }
          case 2 -> {
            bytes = duplicate(bytes, random);
            done = "duplicate";
          }
          case 3 -> {
            bytes = changeLength(bytes, random);
            done = "change length";
          }
          default -> {
            bytes = insertFfRun(bytes, random);
            done = "insert " + (bytes.length - before.length) + " x 0xFF";
          }
        }
        description.append(m == 0 ? "" : " + ").append(done);
      }
      cases.add(new Case(i, seed, description.toString(), random.nextInt(3) == 0, bytes));
    }
    return cases;
  }

  /** XORs one to four random bytes with random non-zero values. */
  private static byte[] flip(byte[] pdu, Random random) {
    byte[] out = pdu.clone();
    int flips = 1 + random.nextInt(4);
    for (int i = 0; i < flips; i++) {
      out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
    }
    return out;
  }

  private static byte[] truncate(byte[] pdu, Random random) {
    if (pdu.length < 2) {
      return pdu;
    }
    return Arrays.copyOf(pdu, 1 + random.nextInt(pdu.length - 1));
  }

  /** Either the whole PDU twice, or a random slice repeated in place. */
  private static byte[] duplicate(byte[] pdu, Random random) {
    if (random.nextBoolean()) {
      return MalformedInputTest.concat(pdu, pdu);
    }
    int from = random.nextInt(pdu.length);
    int to = from + 1 + random.nextInt(pdu.length - from);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(pdu, 0, to);
    out.write(pdu, from, pdu.length - from);
    return out.toByteArray();
  }

  /** Replaces the first length octet of a random element with a hostile one. */
  private static byte[] changeLength(byte[] pdu, Random random) {
    List<Integer> positions = lengthPositions(pdu);
    if (positions.isEmpty()) {
      return flip(pdu, random);
    }
    int at = positions.get(random.nextInt(positions.size()));
    byte[][] replacements = {
      {0x00},
      {0x7F},
      {(byte) 0x80}, // indefinite length
      {(byte) 0x81},
      {(byte) 0x84, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
      {(byte) 0x84, 0x00, 0x3F, (byte) 0xFF, (byte) 0xFF}, // just under 4 MiB
      {(byte) 0x85, 0x01, 0x00, 0x00, 0x00, 0x00},
      {(byte) 0x89},
      {(byte) random.nextInt(256)},
      {(byte) (pdu[at] + 1)},
      {(byte) (pdu[at] - 1)},
    };
    byte[] replacement = replacements[random.nextInt(replacements.length)];
    int oldOctets = (pdu[at] & 0x80) == 0 ? 1 : 1 + Math.min(pdu[at] & 0x7F, pdu.length - at - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(pdu, 0, at);
    out.writeBytes(replacement);
    out.write(pdu, at + oldOctets, pdu.length - at - oldOctets);
    return out.toByteArray();
  }

  private static byte[] insertFfRun(byte[] pdu, Random random) {
    int at = random.nextInt(pdu.length + 1);
    int run = 1 + random.nextInt(64);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(pdu, 0, at);
    for (int i = 0; i < run; i++) {
      out.write(0xFF);
    }
    out.write(pdu, at, pdu.length - at);
    return out.toByteArray();
  }

  /**
   * Offsets of the first length octet of every element, found by walking the BER; stops quietly
   * where an earlier mutation has broken the structure.
   */
  private static List<Integer> lengthPositions(byte[] pdu) {
    List<Integer> positions = new ArrayList<>();
    List<int[]> pending = new ArrayList<>(); // {from, to} ranges holding a run of elements
    pending.add(new int[] {0, pdu.length});
    while (!pending.isEmpty()) {
      int[] range = pending.remove(pending.size() - 1);
      int p = range[0];
      while (p + 1 < range[1]) {
        int tag = pdu[p] & 0xFF;
        int lengthAt = p + 1;
        int first = pdu[lengthAt] & 0xFF;
        int length;
        int header;
        if (first < 0x80) {
          length = first;
          header = 2;
        } else {
          int octets = first & 0x7F;
          if (octets == 0 || octets > 4 || lengthAt + octets >= range[1]) {
            break;
          }
          length = 0;
          for (int i = 1; i <= octets; i++) {
            length = (length << 8) | (pdu[lengthAt + i] & 0xFF);
          }
          header = 2 + octets;
        }
        if (length < 0 || p + header + length > range[1]) {
          break;
        }
        positions.add(lengthAt);
        if ((tag & 0x20) != 0) {
          pending.add(new int[] {p + header, p + header + length});
        }
        p += header + length;
      }
    }
    return positions;
  }
}
