package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.listener.CannedResponseRequestHandler;
import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GuardedListenerTest {

    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(60);

    private LDAPListener listener;
    private int port;

    @BeforeEach
    void startListener() throws Exception {
        InputLimits limits = InputLimits.defaults();
        LDAPListenerConfig config = new LDAPListenerConfig(0, new CannedResponseRequestHandler());
        config.setListenAddress(InetAddress.getLoopbackAddress());
        config.setServerSocketFactory(new GuardedServerSocketFactory(limits));
        config.setMaxMessageSizeBytes(limits.maxMessageBytes());
        listener = new LDAPListener(config);
        listener.startListening();
        port = listener.getListenPort();
    }

    @AfterEach
    void stopListener() {
        listener.shutDown(true);
    }

    @Test
    void deepFilterIsRefusedQuicklyWhileOtherClientsAreServed() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            byte[] deep = PduGuardTest.searchPduWithRawFilter(1, PduGuardTest.deepNotFilter(10_000));
            int deepRequests = 20;
            try (RawClient attacker = new RawClient(port); LDAPConnection normal = connect()) {
                // The attacker pipelines many deep requests while a well-behaved client keeps searching.
                CompletableFuture<Long> attack = CompletableFuture.supplyAsync(() -> {
                    try {
                        long started = System.nanoTime();
                        for (int i = 0; i < deepRequests; i++) {
                            attacker.send(PduGuardTest.searchPduWithRawFilter(100 + i,
                                    PduGuardTest.deepNotFilter(10_000)));
                        }
                        for (int i = 0; i < deepRequests; i++) {
                            LDAPMessage reply = attacker.receive();
                            assertEquals(100 + i, reply.getMessageID());
                            SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
                            assertEquals(11, done.getResultCode());
                            assertTrue(done.getDiagnosticMessage().contains("nesting depth"));
                        }
                        return System.nanoTime() - started;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });

                long worstNanos = 0;
                long totalNanos = 0;
                int searches = 0;
                while (!attack.isDone() || searches < 5) {
                    long started = System.nanoTime();
                    SearchResult result = normal.search("dc=example,dc=com", SearchScope.BASE, "(objectClass=*)");
                    long took = System.nanoTime() - started;
                    assertEquals(ResultCode.SUCCESS, result.getResultCode());
                    worstNanos = Math.max(worstNanos, took);
                    totalNanos += took;
                    searches++;
                }
                long attackNanos = attack.get(30, TimeUnit.SECONDS);
                System.out.printf("GuardedListenerTest: %d deep (10,000-level) filters refused in %.1f ms;"
                                + " concurrent normal searches: %d, mean %.2f ms, worst %.2f ms%n",
                        deepRequests, attackNanos / 1e6, searches, totalNanos / 1e6 / searches, worstNanos / 1e6);

                // Afterwards: the normal client is still served and the attacker's connection still works.
                assertEquals(ResultCode.SUCCESS,
                        normal.search("dc=example,dc=com", SearchScope.BASE, "(objectClass=*)").getResultCode());
                long started = System.nanoTime();
                attacker.send(deep);
                LDAPMessage refused = attacker.receive();
                System.out.printf("GuardedListenerTest: single deep filter answered in %.2f ms%n",
                        (System.nanoTime() - started) / 1e6);
                assertEquals(11, refused.getSearchResultDoneProtocolOp().getResultCode());
                attacker.send(PduGuardTest.searchPdu(2, "(cn=still-usable)"));
                LDAPMessage answered = attacker.receive();
                assertEquals(2, answered.getMessageID());
                assertEquals(0, answered.getSearchResultDoneProtocolOp().getResultCode());
            }
        });
    }

    @Test
    void longButShallowBaseDnPassesTheGuard() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            StringJoiner dn = new StringJoiner(",");
            for (int i = 0; i < 50_000; i++) {
                dn.add("ou=u" + i);
            }
            byte[] present = PduGuardTest.tlv(0x87, "objectClass".getBytes(StandardCharsets.US_ASCII));
            try (RawClient client = new RawClient(port)) {
                client.send(PduGuardTest.searchPduWithRawFilter(4, dn.toString(), present));
                LDAPMessage reply = client.receive();
                assertEquals(4, reply.getMessageID());
                assertNotNull(reply.getSearchResultDoneProtocolOp());
            }
        });
    }

    @Test
    void veryWideOrFilterIsRefused() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            try (RawClient client = new RawClient(port)) {
                client.send(PduGuardTest.searchPduWithRawFilter(5, PduGuardTest.wideOrFilter(100_000)));
                LDAPMessage reply = client.receive();
                assertEquals(5, reply.getMessageID());
                SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
                assertEquals(11, done.getResultCode());
                assertTrue(done.getDiagnosticMessage().contains("BER elements"), done.getDiagnosticMessage());

                client.send(PduGuardTest.searchPdu(6, "(cn=next)"));
                assertEquals(0, client.receive().getSearchResultDoneProtocolOp().getResultCode());
            }
        });
    }

    @Test
    void truncatedRequestEndsOnlyThatConnection() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            byte[] pdu = PduGuardTest.searchPdu(7, "(cn=truncated)");
            try (RawClient client = new RawClient(port)) {
                client.send(Arrays.copyOf(pdu, pdu.length / 2));
                client.socket.shutdownOutput();
                LDAPMessage notice = client.receive();
                assertNotice(notice, "ended in the middle of a request");
                assertNull(client.receive(), "the server closes the connection after the notice");
            }
            try (LDAPConnection other = connect()) {
                assertEquals(ResultCode.SUCCESS,
                        other.search("dc=example,dc=com", SearchScope.BASE, "(objectClass=*)").getResultCode());
            }
        });
    }

    @Test
    void randomGarbageGetsNoticeOfDisconnection() {
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            byte[] garbage = new byte[64];
            new Random(20036).nextBytes(garbage);
            garbage[0] = (byte) 0x9C;
            try (RawClient client = new RawClient(port)) {
                client.send(garbage);
                LDAPMessage notice = client.receive();
                assertNotice(notice, "must start with a SEQUENCE");
                assertNull(client.receive(), "the server closes the connection after the notice");
            }
            try (LDAPConnection other = connect()) {
                assertEquals(ResultCode.SUCCESS,
                        other.search("dc=example,dc=com", SearchScope.BASE, "(objectClass=*)").getResultCode());
            }
        });
    }

    private static void assertNotice(LDAPMessage notice, String expectedFragment) {
        assertNotNull(notice, "expected a notice of disconnection before the connection closed");
        assertEquals(0, notice.getMessageID());
        ExtendedResponseProtocolOp op = notice.getExtendedResponseProtocolOp();
        assertEquals("1.3.6.1.4.1.1466.20036", op.getResponseOID());
        assertEquals(2, op.getResultCode());
        assertTrue(op.getDiagnosticMessage().contains(expectedFragment), op.getDiagnosticMessage());
    }

    private LDAPConnection connect() throws LDAPException {
        LDAPConnection connection = new LDAPConnection("127.0.0.1", port);
        connection.getConnectionOptions().setResponseTimeoutMillis(SOCKET_TIMEOUT_MILLIS);
        return connection;
    }

    /** A bare socket that speaks LDAP bytes directly, so that it can send what no well-behaved client would. */
    private static final class RawClient implements AutoCloseable {
        final Socket socket;
        private final OutputStream out;
        private final ASN1StreamReader reader;

        RawClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
            out = socket.getOutputStream();
            reader = new ASN1StreamReader(socket.getInputStream());
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        LDAPMessage receive() throws LDAPException {
            return LDAPMessage.readFrom(reader, false);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
