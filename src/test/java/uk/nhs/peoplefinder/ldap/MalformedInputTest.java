package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.ldap.RawLdapClient.End;
import uk.nhs.peoplefinder.ldap.RawLdapClient.Transcript;

/**
 * Hostile and broken requests against the real server: each gets an error or a disconnect, never a
 * hang, while a well-behaved client on another connection keeps being answered.
 *
 * <p>The latency of that client's search during and after each attack is printed for the report.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MalformedInputTest {
  private static final String JOHN_SMITH =
      "uid=john.smith,nhsOdsCode=FA123,ou=Pharmacy,ou=Organisations," + Attr.BASE_DN;
  private static final String NORMAL_FILTER = "(uid=john.smith)";

  @RegisterExtension static final ServerExtension server = ServerExtension.withSample();

  @Test
  void deeplyNestedNotFilter_isAnsweredWithAdminLimitExceeded_andTheConnectionStaysUsable() throws Exception {
    byte[] filter = deepNotFilter(10_000);
    assertTrue(filter.length > 30_000, "the filter should be about 40 KB, was " + filter.length);

    underAttack(
        "(a) 10,000-deep NOT filter (" + filter.length + " bytes)",
        () -> {
          try (RawLdapClient client = new RawLdapClient(server.port())) {
            client.bindAsAdmin(1);
            client.send(searchPdu(7, Attr.BASE_DN, filter));
            LDAPMessage reply = client.receive();
            assertNotNull(reply, "the server closed the connection instead of answering");
            assertEquals(7, reply.getMessageID());
            SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
            assertEquals(ResultCode.ADMIN_LIMIT_EXCEEDED_INT_VALUE, done.getResultCode(), done.getDiagnosticMessage());
            assertTrue(done.getDiagnosticMessage().contains("nesting depth"), done.getDiagnosticMessage());
            reportAnswer("(a) 10,000-deep NOT filter", done.getDiagnosticMessage());

            // The over-limit request was skipped, not the connection: the next request is served.
            client.send(RawLdapClient.encode(8, normalSearchOp()));
            assertNormalSearchAnswered(client, 8);
          }
        });
  }

  @Test
  void searchBaseWith50000Rdns_isRefusedWithAdminLimitExceeded() throws Exception {
    String dn = rdns(50_000);

    underAttack(
        "(b) search base with 50,000 RDNs (" + dn.length() + " characters)",
        () -> {
          try (LDAPConnection connection = adminConnection()) {
            LDAPException e =
                LdapAssertions.assertFails(
                    ResultCode.ADMIN_LIMIT_EXCEEDED,
                    "search base",
                    () -> connection.search(new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)")));
            assertMentionsDnLimit(e);
            reportAnswer("(b) search base with 50,000 RDNs", e.getDiagnosticMessage());
          }
        });
  }

  @Test
  void addWith50000RdnDn_isRefusedWithAdminLimitExceeded() throws Exception {
    String dn = rdns(50_000);

    underAttack(
        "(b) add with a 50,000-RDN DN (" + dn.length() + " characters)",
        () -> {
          try (LDAPConnection connection = adminConnection()) {
            AddRequest add = new AddRequest(dn, new Attribute("objectClass", "top", "person"), new Attribute("sn", "a"));
            LDAPException e = LdapAssertions.assertRefused(connection, add, ResultCode.ADMIN_LIMIT_EXCEEDED, "entry DN");
            assertMentionsDnLimit(e);
            reportAnswer("(b) add with a 50,000-RDN DN", e.getDiagnosticMessage());
          }
        });
  }

  @Test
  void searchBaseWithTooManyShortRdns_isRefusedWithAdminLimitExceeded() throws Exception {
    String dn = rdns(40) + "," + Attr.BASE_DN; // 200-odd characters, but 42 RDNs

    try (LDAPConnection connection = adminConnection()) {
      LdapAssertions.assertFails(
          ResultCode.ADMIN_LIMIT_EXCEEDED,
          "RDNs",
          () -> connection.search(new SearchRequest(dn, SearchScope.BASE, "(objectClass=*)")));
    }
  }

  @Test
  void orFilterWith100000EqualityTerms_isRefusedWithAdminLimitExceeded() throws Exception {
    List<Filter> terms = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      terms.add(Filter.createEqualityFilter("uid", "user" + i));
    }
    Filter filter = Filter.createORFilter(terms);

    underAttack(
        "(c) OR filter of 100,000 equality terms",
        () -> {
          try (LDAPConnection connection = adminConnection()) {
            LDAPException e =
                LdapAssertions.assertFails(
                    ResultCode.ADMIN_LIMIT_EXCEEDED,
                    null,
                    () -> connection.search(new SearchRequest(Attr.BASE_DN, SearchScope.SUB, filter)));
            reportAnswer("(c) OR of 100,000 equality terms", e.getDiagnosticMessage());
          }
        });
  }

  @Test
  void orFilterWith100000PresenceTerms_isRefusedWithAdminLimitExceeded() throws Exception {
    // One BER element per term, so this one passes the element limit below the decoder and is
    // refused by the filter-term limit after it.
    List<Filter> terms = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      terms.add(Filter.createPresenceFilter("objectClass"));
    }
    Filter filter = Filter.createORFilter(terms);

    underAttack(
        "(c) OR filter of 100,000 presence terms",
        () -> {
          try (LDAPConnection connection = adminConnection()) {
            LDAPException e =
                LdapAssertions.assertFails(
                    ResultCode.ADMIN_LIMIT_EXCEEDED,
                    "terms",
                    () -> connection.search(new SearchRequest(Attr.BASE_DN, SearchScope.SUB, filter)));
            reportAnswer("(c) OR of 100,000 presence terms", e.getDiagnosticMessage());
          }
        });
  }

  @Test
  void truncatedPdu_endsTheConnection() throws Exception {
    byte[] body = searchBody(3, Attr.BASE_DN, presence("objectClass"));
    ByteArrayOutputStream truncated = new ByteArrayOutputStream();
    truncated.write(0x30);
    truncated.writeBytes(longFormLength(body.length + 100)); // declares 100 bytes that never come
    truncated.writeBytes(body);

    Transcript transcript =
        underAttack(
            "(d) truncated PDU",
            () -> {
              try (RawLdapClient client = new RawLdapClient(server.port())) {
                client.bindAsAdmin(1);
                client.send(truncated.toByteArray());
                client.shutdownOutput();
                return client.readToEnd();
              }
            });

    assertEnded(transcript);
    reportAnswer("(d) truncated PDU", transcript.end() + " after " + transcript.messages());
    for (LDAPMessage message : transcript.messages()) {
      assertTrue(RawLdapClient.isNoticeOfDisconnection(message), "unexpected reply " + message);
    }
  }

  @Test
  void randomGarbage_isAnsweredWithNoticeOfDisconnection() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(20261122L).nextBytes(garbage);
    if (garbage[0] == 0x30) {
      garbage[0] = 0x17; // a SEQUENCE tag would make this a (huge) declared message rather than garbage
    }

    Transcript transcript =
        underAttack(
            "(e) 4 KB of random bytes",
            () -> {
              try (RawLdapClient client = new RawLdapClient(server.port())) {
                client.send(garbage);
                return client.readToEnd();
              }
            });

    assertEnded(transcript);
    reportAnswer("(e) random bytes", transcript.end() + " after " + transcript.messages());
    assertTrue(transcript.hasNoticeOfDisconnection(), "expected a notice of disconnection, got " + transcript);
    LDAPMessage notice = transcript.messages().get(transcript.messages().size() - 1);
    assertEquals(ResultCode.PROTOCOL_ERROR_INT_VALUE, notice.getExtendedResponseProtocolOp().getResultCode());
  }

  @Test
  void pipelinedFloodOf1000Searches_isAnsweredInOrder() throws Exception {
    int searches = 1_000;
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    for (int i = 0; i < searches; i++) {
      flood.writeBytes(RawLdapClient.encode(2 + i, normalSearchOp()));
    }

    underAttack(
        "(f) 1,000 pipelined searches on one connection (" + flood.size() + " bytes in one write)",
        () -> {
          try (RawLdapClient client = new RawLdapClient(server.port())) {
            client.bindAsAdmin(1);
            long started = System.nanoTime();
            // Written from another thread: the answers must be read while the requests go out.
            CompletableFuture<Void> writing =
                CompletableFuture.runAsync(
                    () -> {
                      try {
                        client.send(flood.toByteArray());
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    });
            for (int i = 0; i < searches; i++) {
              assertNormalSearchAnswered(client, 2 + i);
            }
            writing.get(30, TimeUnit.SECONDS);
            System.out.printf(
                Locale.ROOT,
                "MalformedInputTest (f): %d pipelined searches answered in order in %.1f ms%n",
                searches,
                millis(System.nanoTime() - started));
          }
        });
  }

  // ---------------------------------------------------------------- the well-behaved client

  /** An attack run on its own connection(s); returns what the test wants to check afterwards. */
  @FunctionalInterface
  private interface Attack<T> {
    T run() throws Exception;
  }

  @FunctionalInterface
  private interface VoidAttack {
    void run() throws Exception;
  }

  private static void underAttack(String label, VoidAttack attack) throws Exception {
    underAttack(
        label,
        () -> {
          attack.run();
          return null;
        });
  }

  /**
   * Runs the attack while the normal search repeats on another connection, then checks that the
   * normal search was answered meanwhile and still is afterwards, and prints its latency.
   */
  private static <T> T underAttack(String label, Attack<T> attack) throws Exception {
    T outcome;
    List<Long> during;
    long attackNanos;
    try (NormalSearches normal = NormalSearches.start()) {
      long started = System.nanoTime();
      outcome = attack.run();
      attackNanos = System.nanoTime() - started;
      during = normal.stopAfterOneMore();
    }
    long after;
    try (LDAPConnection connection = adminConnection()) {
      long started = System.nanoTime();
      SearchResult result = connection.search(Attr.BASE_DN, SearchScope.SUB, NORMAL_FILTER);
      after = System.nanoTime() - started;
      assertEquals(1, result.getEntryCount(), "the normal search afterwards");
    }
    List<Long> sorted = new ArrayList<>(during);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "MalformedInputTest %s: attack took %.1f ms; normal search (%s) during it: n=%d, median %.1f ms,"
            + " max %.1f ms; afterwards %.1f ms%n",
        label,
        millis(attackNanos),
        NORMAL_FILTER,
        sorted.size(),
        millis(sorted.get(sorted.size() / 2)),
        millis(sorted.get(sorted.size() - 1)),
        millis(after));
    return outcome;
  }

  /** The normal search, repeated on its own bound connection until stopped. */
  private static final class NormalSearches implements AutoCloseable {
    private final LDAPConnection connection;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch firstAnswered = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile int stopAfter = Integer.MAX_VALUE;

    private NormalSearches(LDAPConnection connection) {
      this.connection = connection;
      this.thread = new Thread(this::loop, "normal-search");
      thread.setDaemon(true);
    }

    static NormalSearches start() throws LDAPException, InterruptedException {
      NormalSearches searches = new NormalSearches(adminConnection());
      searches.thread.start();
      assertTrue(searches.firstAnswered.await(30, TimeUnit.SECONDS), "the first normal search was not answered");
      searches.checkFailure();
      searches.latencies.clear();
      return searches;
    }

    private void loop() {
      try {
        while (latencies.size() < stopAfter) {
          long started = System.nanoTime();
          SearchResult result = connection.search(Attr.BASE_DN, SearchScope.SUB, NORMAL_FILTER);
          long elapsed = System.nanoTime() - started;
          if (result.getEntryCount() != 1 || !result.getSearchEntries().get(0).getDN().equals(JOHN_SMITH)) {
            throw new AssertionError("the normal search found " + result.getSearchEntries());
          }
          latencies.add(elapsed);
          firstAnswered.countDown();
        }
      } catch (Throwable t) {
        failure.set(t);
        firstAnswered.countDown();
      }
    }

    /** Lets one more search complete (so at least one ran alongside the attack) and stops. */
    List<Long> stopAfterOneMore() throws InterruptedException {
      stopAfter = latencies.size() + 1;
      thread.join(TimeUnit.SECONDS.toMillis(35));
      assertFalse(thread.isAlive(), "the normal search was not answered within 35 s");
      checkFailure();
      return new ArrayList<>(latencies);
    }

    private void checkFailure() {
      Throwable t = failure.get();
      if (t != null) {
        throw new AssertionError("the normal search on another connection failed: " + t, t);
      }
    }

    @Override
    public void close() {
      stopAfter = 0;
      connection.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static LDAPConnection adminConnection() throws LDAPException {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setResponseTimeoutMillis(RawLdapClient.READ_TIMEOUT_MILLIS);
    options.setConnectTimeoutMillis(RawLdapClient.READ_TIMEOUT_MILLIS);
    return new LDAPConnection(
        options, "127.0.0.1", server.port(), Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
  }

  private static SearchRequestProtocolOp normalSearchOp() throws LDAPException {
    return new SearchRequestProtocolOp(
        Attr.BASE_DN,
        SearchScope.SUB,
        DereferencePolicy.NEVER,
        0,
        0,
        false,
        Filter.create(NORMAL_FILTER),
        List.of("uid"));
  }

  /** Reads one entry for john.smith and then a successful done, all with the given message ID. */
  private static void assertNormalSearchAnswered(RawLdapClient client, int messageId) throws Exception {
    LDAPMessage entry = client.receive();
    assertNotNull(entry, "connection closed before the answer to message " + messageId);
    assertEquals(messageId, entry.getMessageID(), "answers out of order");
    assertEquals(LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_RESULT_ENTRY, entry.getProtocolOpType(), entry::toString);
    assertEquals(JOHN_SMITH, entry.getSearchResultEntryProtocolOp().getDN());
    LDAPMessage done = client.receive();
    assertNotNull(done, "connection closed before the end of the answer to message " + messageId);
    assertEquals(messageId, done.getMessageID(), "answers out of order");
    assertEquals(0, done.getSearchResultDoneProtocolOp().getResultCode(), done::toString);
  }

  private static void assertEnded(Transcript transcript) {
    assertNotEquals(End.TIMEOUT, transcript.end(), () -> "the server hung: " + transcript);
    assertNotEquals(End.UNDECODABLE, transcript.end(), () -> "the server sent something undecodable: " + transcript);
  }

  private static void assertMentionsDnLimit(LDAPException e) {
    String message = e.getDiagnosticMessage();
    assertTrue(
        message.contains("characters") || message.contains("RDNs"), "the message should name the limit: " + message);
    assertTrue(message.length() < 500, "the message should not echo the DN: " + message.length() + " characters");
  }

  private static String rdns(int count) {
    StringBuilder dn = new StringBuilder(count * 5);
    for (int i = 0; i < count; i++) {
      dn.append(i == 0 ? "" : ",").append("cn=a");
    }
    return dn.toString();
  }

  private static void reportAnswer(String label, String answer) {
    System.out.println("MalformedInputTest " + label + ": the server answered: " + answer);
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  // ---------------------------------------------------------------- BER by hand

  /**
   * {@code (!(!(…(objectClass=*)…)))} nested {@code depth} times, encoded iteratively: the SDK's
   * encoder recurses and would overflow the stack building it.
   */
  static byte[] deepNotFilter(int depth) {
    byte[] innermost = presence("objectClass");
    int[] sizes = new int[depth + 1]; // sizes[k]: encoded size of the filter with k NOTs around it
    sizes[0] = innermost.length;
    for (int k = 1; k <= depth; k++) {
      sizes[k] = 1 + lengthOctets(sizes[k - 1]).length + sizes[k - 1];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizes[depth]);
    for (int k = depth; k >= 1; k--) {
      out.write(0xA2); // [2] NOT, constructed
      out.writeBytes(lengthOctets(sizes[k - 1]));
    }
    out.writeBytes(innermost);
    return out.toByteArray();
  }

  static byte[] presence(String attribute) {
    return tlv(0x87, attribute.getBytes(StandardCharsets.UTF_8));
  }

  /** A whole-subtree search request message with a filter given as raw BER. */
  static byte[] searchPdu(int messageId, String base, byte[] filter) {
    return tlv(0x30, searchBody(messageId, base, filter));
  }

  /** The contents of the LDAPMessage SEQUENCE of a search request. */
  static byte[] searchBody(int messageId, String base, byte[] filter) {
    return concat(
        tlv(0x02, BigInteger.valueOf(messageId).toByteArray()),
        tlv(
            0x63,
            concat(
                tlv(0x04, base.getBytes(StandardCharsets.UTF_8)),
                tlv(0x0A, new byte[] {2}), // wholeSubtree
                tlv(0x0A, new byte[] {0}), // neverDerefAliases
                tlv(0x02, new byte[] {0}), // no size limit
                tlv(0x02, new byte[] {0}), // no time limit
                tlv(0x01, new byte[] {0}), // typesOnly FALSE
                filter,
                tlv(0x30, concat(tlv(0x04, "1.1".getBytes(StandardCharsets.UTF_8)))))));
  }

  static byte[] tlv(int tag, byte[] content) {
    return concat(new byte[] {(byte) tag}, lengthOctets(content.length), content);
  }

  static byte[] lengthOctets(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    return longFormLength(length);
  }

  static byte[] longFormLength(int length) {
    byte[] value = BigInteger.valueOf(length).toByteArray();
    int skip = value[0] == 0 ? 1 : 0;
    byte[] out = new byte[1 + value.length - skip];
    out[0] = (byte) (0x80 | (value.length - skip));
    System.arraycopy(value, skip, out, 1, value.length - skip);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
