package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.protocol.AbandonRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class PduGuardTest {

    private static final InputLimits DEFAULTS = InputLimits.defaults();

    // ---------------------------------------------------------------------------------------------------------
    // Pass-through

    @Test
    void validSearchPassesThroughByteIdentical() throws Exception {
        byte[] pdu = searchPdu(1, "(&(objectClass=person)(cn=Smith*))");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(pdu), out, DEFAULTS);

        assertArrayEquals(pdu, guard.readAllBytes());
        assertEquals(0, out.size(), "a valid request must not produce any reply from the guard");
    }

    @Test
    void pipelinedRequestsPassAndDecode() throws Exception {
        byte[] first = searchPdu(1, "(cn=a)");
        byte[] second = searchPdu(2, "(|(cn=b)(sn=c))");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(concat(first, second)), out, DEFAULTS);

        ASN1StreamReader reader = new ASN1StreamReader(guard);
        assertEquals(1, LDAPMessage.readFrom(reader, false).getMessageID());
        assertEquals(2, LDAPMessage.readFrom(reader, false).getMessageID());
        assertNull(LDAPMessage.readFrom(reader, false), "a clean end between requests is a normal end of stream");
        assertEquals(0, out.size());
    }

    @Test
    void emptyStreamIsCleanEnd() throws Exception {
        PduGuard guard = new PduGuard(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), DEFAULTS);
        assertEquals(-1, guard.read());
        assertEquals(-1, guard.read());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Over-limit requests are answered and skipped

    @Test
    void deeplyNestedNotFilterIsAnsweredWithAdminLimitExceededAndStreamContinues() throws Exception {
        byte[] deep = searchPduWithRawFilter(70_000, deepNotFilter(10_000));
        byte[] next = searchPdu(70_001, "(cn=after)");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(concat(deep, next)), out, DEFAULTS);

        assertArrayEquals(next, guard.readAllBytes(), "only the following valid request reaches the reader");

        List<LDAPMessage> replies = decodeAll(out.toByteArray());
        assertEquals(1, replies.size());
        LDAPMessage reply = replies.get(0);
        assertEquals(70_000, reply.getMessageID());
        SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
        assertEquals(11, done.getResultCode());
        assertEmptyMatchedDn(done.getMatchedDN());
        assertEquals("request nesting depth exceeds the limit of 32 (a search filter may nest about 28 levels);"
                + " request not processed", done.getDiagnosticMessage());
    }

    @Test
    void filterJustInsideTheDepthLimitPasses() throws Exception {
        // LDAPMessage(1) > searchRequest(2) > 29 NOTs (3..31) > present filter (32).
        byte[] pdu = searchPduWithRawFilter(5, deepNotFilter(29));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(pdu), out, DEFAULTS);
        assertArrayEquals(pdu, guard.readAllBytes());
        assertEquals(0, out.size());

        byte[] tooDeep = searchPduWithRawFilter(6, deepNotFilter(30));
        out.reset();
        guard = new PduGuard(new ByteArrayInputStream(tooDeep), out, DEFAULTS);
        assertEquals(-1, guard.read());
        assertEquals(11, decodeAll(out.toByteArray()).get(0).getSearchResultDoneProtocolOp().getResultCode());
    }

    @Test
    void tooManyElementsIsAnsweredWithAdminLimitExceeded() throws Exception {
        byte[] wide = searchPduWithRawFilter(9, wideOrFilter(100_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(wide), out, DEFAULTS);

        assertEquals(-1, guard.read());
        LDAPMessage reply = decodeAll(out.toByteArray()).get(0);
        assertEquals(9, reply.getMessageID());
        SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
        assertEquals(11, done.getResultCode());
        assertTrue(done.getDiagnosticMessage().contains("more than the limit of 200000"),
                done.getDiagnosticMessage());
    }

    @Test
    void overLimitReplyMatchesTheRequestOperation() throws Exception {
        InputLimits shallow = new InputLimits(DEFAULTS.maxMessageBytes(), 3, 1_000);
        byte[] modify = new LDAPMessage(42, new ModifyRequestProtocolOp("cn=x,dc=example",
                List.of(new Modification(ModificationType.REPLACE, "sn", "y")))).encode().encode();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(modify), out, shallow);

        assertEquals(-1, guard.read());
        LDAPMessage reply = decodeAll(out.toByteArray()).get(0);
        assertEquals(42, reply.getMessageID());
        ModifyResponseProtocolOp response = reply.getModifyResponseProtocolOp();
        assertEquals(11, response.getResultCode());
    }

    @Test
    void overLimitAbandonIsDroppedSilently() throws Exception {
        InputLimits shallow = new InputLimits(DEFAULTS.maxMessageBytes(), 3, 1_000);
        byte[] abandon = new LDAPMessage(3, new AbandonRequestProtocolOp(2),
                new Control("1.2.3.4", false)).encode().encode();
        byte[] next = new LDAPMessage(4, new AbandonRequestProtocolOp(1)).encode().encode();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(concat(abandon, next)), out, shallow);

        assertArrayEquals(next, guard.readAllBytes());
        assertEquals(0, out.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Garbage ends the connection with a notice of disconnection

    @Test
    void declaredLengthOverTheLimitGetsNoticeOfDisconnection() throws Exception {
        byte[] header = {0x30, (byte) 0x84, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x02, 0x01, 0x01};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(header), out, DEFAULTS);

        IOException e = assertThrows(IOException.class, guard::read);
        assertEquals("request too large: it declares 2147483647 bytes, more than the limit of 4194304 bytes;"
                + " closing the connection", e.getMessage());
        assertNotice(out.toByteArray(), e.getMessage());
        assertThrows(IOException.class, guard::read, "the stream stays failed");
        assertEquals(1, decodeAll(out.toByteArray()).size(), "the notice is sent only once");
    }

    @Test
    void innerLengthOverflowingItsParentGetsNoticeOfDisconnection() throws Exception {
        // LDAPMessage { messageID 1, searchRequest { OCTET STRING claiming 300 bytes, 3 present } }
        byte[] pdu = {0x30, 0x0C, 0x02, 0x01, 0x01, 0x63, 0x07, 0x04, (byte) 0x82, 0x01, 0x2C, 0x41, 0x42, 0x43};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(pdu), out, DEFAULTS);

        IOException e = assertThrows(IOException.class, guard::read);
        assertEquals("malformed request: element length 300 exceeds its enclosing element (3 bytes left);"
                + " closing the connection", e.getMessage());
        assertNotice(out.toByteArray(), e.getMessage());
    }

    @Test
    void truncatedRequestAtEndOfStreamGetsNoticeOfDisconnection() throws Exception {
        byte[] pdu = searchPdu(1, "(cn=a)");
        byte[] truncated = Arrays.copyOf(pdu, pdu.length - 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(truncated), out, DEFAULTS);

        IOException e = assertThrows(IOException.class, guard::read);
        assertTrue(e.getMessage().contains("ended in the middle of a request"), e.getMessage());
        assertNotice(out.toByteArray(), e.getMessage());
    }

    @Test
    void validRequestBeforeGarbageIsStillDelivered() throws Exception {
        byte[] pdu = searchPdu(1, "(cn=a)");
        byte[] garbage = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(new ByteArrayInputStream(concat(pdu, garbage)), out, DEFAULTS);

        byte[] got = new byte[pdu.length];
        assertEquals(pdu.length, guard.readNBytes(got, 0, got.length));
        assertArrayEquals(pdu, got);
        assertEquals(0, out.size(), "the notice follows the reader, after the valid request");
        IOException e = assertThrows(IOException.class, guard::read);
        assertEquals("malformed request: a request must start with a SEQUENCE (0x30), but the first byte was 0x47;"
                + " closing the connection", e.getMessage());
        assertNotice(out.toByteArray(), e.getMessage());
    }

    @Test
    void unknownOperationAndBadMessageIdAreGarbage() throws Exception {
        byte[] response = {0x30, 0x05, 0x02, 0x01, 0x01, 0x65, 0x00};
        IOException e1 = assertThrows(IOException.class,
                () -> new PduGuard(new ByteArrayInputStream(response), new ByteArrayOutputStream(), DEFAULTS).read());
        assertTrue(e1.getMessage().contains("unknown operation tag 0x65"), e1.getMessage());

        byte[] stringId = {0x30, 0x05, 0x04, 0x01, 0x01, 0x42, 0x00};
        IOException e2 = assertThrows(IOException.class,
                () -> new PduGuard(new ByteArrayInputStream(stringId), new ByteArrayOutputStream(), DEFAULTS).read());
        assertTrue(e2.getMessage().contains("message ID is not an INTEGER"), e2.getMessage());

        byte[] indefinite = {0x30, (byte) 0x80, 0x02, 0x01, 0x01, 0x42, 0x00, 0x00, 0x00};
        IOException e3 = assertThrows(IOException.class,
                () -> new PduGuard(new ByteArrayInputStream(indefinite), new ByteArrayOutputStream(), DEFAULTS).read());
        assertTrue(e3.getMessage().contains("indefinite-length"), e3.getMessage());

        for (byte id : new byte[] {0x00, (byte) 0x92}) {
            byte[] unbind = {0x30, 0x05, 0x02, 0x01, id, 0x42, 0x00};
            IOException e = assertThrows(IOException.class,
                    () -> new PduGuard(new ByteArrayInputStream(unbind), new ByteArrayOutputStream(), DEFAULTS).read());
            assertTrue(e.getMessage().contains("outside 1 to 2147483647"), e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Abandon peek and resumability

    @Test
    void abandonListenerFiresFromPollAvailableWithoutBlocking() throws Exception {
        byte[] abandon = new LDAPMessage(8, new AbandonRequestProtocolOp(7)).encode().encode();
        byte[] search = searchPdu(9, "(cn=x)");
        ScriptedInputStream in = new ScriptedInputStream();
        PduGuard guard = new PduGuard(in, new ByteArrayOutputStream(), DEFAULTS);
        List<Integer> abandoned = new ArrayList<>();
        guard.setAbandonListener(abandoned::add);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            guard.pollAvailable(); // nothing has arrived: must return at once
            in.add(Arrays.copyOf(abandon, 4));
            guard.pollAvailable(); // half a request: must not wait for the rest
            assertEquals(List.of(), abandoned);
            in.add(concat(Arrays.copyOfRange(abandon, 4, abandon.length), Arrays.copyOf(search, 5)));
            guard.pollAvailable();
            assertEquals(List.of(7), abandoned);
        });

        assertEquals(abandon.length, guard.available(), "the abandon request is still passed on");
        byte[] got = guard.readNBytes(abandon.length);
        assertArrayEquals(abandon, got);
        assertEquals(List.of(7), abandoned, "each abandon is reported once");

        in.add(Arrays.copyOfRange(search, 5, search.length));
        in.end();
        assertArrayEquals(search, guard.readAllBytes());
    }

    @Test
    void socketTimeoutMidRequestIsResumable() throws Exception {
        byte[] pdu = searchPdu(3, "(cn=resume)");
        ScriptedInputStream in = new ScriptedInputStream();
        in.add(Arrays.copyOf(pdu, 5));
        in.timeout();
        in.add(Arrays.copyOfRange(pdu, 5, 12));
        in.timeout();
        in.add(Arrays.copyOfRange(pdu, 12, pdu.length));
        in.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PduGuard guard = new PduGuard(in, out, DEFAULTS);

        assertThrows(SocketTimeoutException.class, guard::read);
        assertThrows(SocketTimeoutException.class, guard::read);
        assertArrayEquals(pdu, guard.readAllBytes());
        assertEquals(0, out.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers, shared with GuardedListenerTest

    /** Test input whose bytes arrive in scripted chunks; available() reports only the current chunk. */
    static final class ScriptedInputStream extends InputStream {
        private final Deque<Object> chunks = new ArrayDeque<>();
        private byte[] current;
        private int pos;

        synchronized void add(byte[] bytes) {
            chunks.addLast(bytes);
        }

        synchronized void timeout() {
            chunks.addLast(new SocketTimeoutException("Read timed out"));
        }

        synchronized void end() {
            chunks.addLast(Boolean.FALSE);
        }

        @Override
        public synchronized int available() {
            if (current != null && pos < current.length) {
                return current.length - pos;
            }
            return chunks.peekFirst() instanceof byte[] b ? b.length : 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (current == null || pos == current.length) {
                Object next = chunks.pollFirst();
                if (next == null) {
                    throw new AssertionError("the guard would have blocked on an empty stream");
                }
                if (next instanceof SocketTimeoutException e) {
                    throw e;
                }
                if (next == Boolean.FALSE) {
                    chunks.addFirst(next);
                    return -1;
                }
                current = (byte[]) next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    static void assertNotice(byte[] output, String expectedMessage) throws LDAPException {
        List<LDAPMessage> messages = decodeAll(output);
        assertEquals(1, messages.size(), "exactly one notice of disconnection is written");
        LDAPMessage notice = messages.get(0);
        assertEquals(0, notice.getMessageID());
        ExtendedResponseProtocolOp op = assertInstanceOf(ExtendedResponseProtocolOp.class,
                notice.getExtendedResponseProtocolOp());
        assertEquals("1.3.6.1.4.1.1466.20036", op.getResponseOID());
        assertEquals(2, op.getResultCode());
        assertEmptyMatchedDn(op.getMatchedDN());
        assertEquals(expectedMessage, op.getDiagnosticMessage());
    }

    /** The SDK decodes the empty matchedDN that the guard writes as null. */
    static void assertEmptyMatchedDn(String matchedDn) {
        assertTrue(matchedDn == null || matchedDn.isEmpty(), "matchedDN should be empty but was " + matchedDn);
    }

    static List<LDAPMessage> decodeAll(byte[] bytes) throws LDAPException {
        ASN1StreamReader reader = new ASN1StreamReader(new ByteArrayInputStream(bytes));
        List<LDAPMessage> messages = new ArrayList<>();
        for (LDAPMessage m = LDAPMessage.readFrom(reader, false); m != null; m = LDAPMessage.readFrom(reader, false)) {
            messages.add(m);
        }
        return messages;
    }

    static byte[] searchPdu(int messageId, String filter) throws LDAPException {
        return new LDAPMessage(messageId, new SearchRequestProtocolOp("dc=example,dc=com", SearchScope.SUB,
                DereferencePolicy.NEVER, 0, 0, false, Filter.create(filter), List.of())).encode().encode();
    }

    /** A search request around pre-encoded filter bytes, built by hand so that no encoder recurses. */
    static byte[] searchPduWithRawFilter(int messageId, byte[] filter) {
        return searchPduWithRawFilter(messageId, "dc=example,dc=com", filter);
    }

    static byte[] searchPduWithRawFilter(int messageId, String baseDn, byte[] filter) {
        byte[] op = tlv(0x63, concat(
                tlv(0x04, baseDn.getBytes(StandardCharsets.UTF_8)),
                tlv(0x0A, new byte[] {2}),
                tlv(0x0A, new byte[] {0}),
                tlv(0x02, new byte[] {0}),
                tlv(0x02, new byte[] {0}),
                tlv(0x01, new byte[] {0}),
                filter,
                tlv(0x30, new byte[0])));
        return tlv(0x30, concat(tlv(0x02, java.math.BigInteger.valueOf(messageId).toByteArray()), op));
    }

    /** {@code (!(!(...(objectClass=*)...)))} with {@code depth} NOTs, encoded outside-in in one pass. */
    static byte[] deepNotFilter(int depth) {
        byte[] present = tlv(0x87, "objectClass".getBytes(StandardCharsets.US_ASCII));
        int[] contentLength = new int[depth + 1];
        int size = present.length;
        for (int level = 1; level <= depth; level++) {
            contentLength[level] = size;
            size += 1 + lengthBytes(size).length;
        }
        byte[] filter = new byte[size];
        int at = 0;
        for (int level = depth; level >= 1; level--) {
            filter[at++] = (byte) 0xA2;
            byte[] length = lengthBytes(contentLength[level]);
            System.arraycopy(length, 0, filter, at, length.length);
            at += length.length;
        }
        System.arraycopy(present, 0, filter, at, present.length);
        return filter;
    }

    /** {@code (|(cn=0)(cn=1)...)} with {@code terms} equality terms, three BER elements each. */
    static byte[] wideOrFilter(int terms) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < terms; i++) {
            body.writeBytes(tlv(0xA3, concat(tlv(0x04, new byte[] {'c', 'n'}),
                    tlv(0x04, Integer.toString(i).getBytes(StandardCharsets.US_ASCII)))));
        }
        return tlv(0xA1, body.toByteArray());
    }

    static byte[] tlv(int tag, byte[] content) {
        return concat(new byte[] {(byte) tag}, lengthBytes(content.length), content);
    }

    static byte[] lengthBytes(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n <= 0xFF) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n <= 0xFFFF) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        if (n <= 0xFFFFFF) {
            return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x84, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            joined.writeBytes(part);
        }
        return joined.toByteArray();
    }
}
