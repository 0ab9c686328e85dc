package uk.nhs.peoplefinder.ldap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * Input stream that lets only whole, structurally sound, reasonably shaped LDAP messages through to the SDK's
 * recursive decoder, answering over-limit requests itself and disconnecting clients that send garbage.
 */
final class PduGuard extends InputStream {

    static final String NOTICE_OF_DISCONNECTION_OID = "1.3.6.1.4.1.1466.20036";

    static final int RESULT_PROTOCOL_ERROR = 2;
    static final int RESULT_ADMIN_LIMIT_EXCEEDED = 11;
    static final int RESULT_UNAVAILABLE = 52;
    static final String IDLE_TIMEOUT =
            "idle timeout: no request arrived within the server's idle timeout (--idle-timeout); the connection is"
                    + " closed";

    private static final int TAG_SEQUENCE = 0x30;
    private static final int TAG_INTEGER = 0x02;
    private static final int TAG_ENUMERATED = 0x0A;
    private static final int TAG_OCTET_STRING = 0x04;
    private static final int TAG_CONSTRUCTED = 0x20;
    private static final int TAG_RESPONSE_NAME = 0x8A;

    private static final int OP_BIND = 0x60;
    private static final int OP_UNBIND = 0x42;
    private static final int OP_SEARCH = 0x63;
    private static final int OP_MODIFY = 0x66;
    private static final int OP_ADD = 0x68;
    private static final int OP_DELETE = 0x4A;
    private static final int OP_MODIFY_DN = 0x6C;
    private static final int OP_COMPARE = 0x6E;
    private static final int OP_ABANDON = 0x50;
    private static final int OP_EXTENDED = 0x77;
    private static final int OP_EXTENDED_RESPONSE = 0x78;

    /** Tag byte, one long-form marker byte and at most four length octets. */
    private static final int MAX_HEADER_BYTES = 6;
    private static final int INITIAL_BUFFER_BYTES = 16 * 1024;
    private static final int RETAINED_BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final SerializedOutputStream out;
    private final InputLimits limits;

    /**
     * Held by whichever thread is pulling bytes from the underlying stream, possibly while blocked, so that
     * {@link #pollAvailable()} can back off instead of waiting.
     */
    private final ReentrantLock ioLock = new ReentrantLock();

    // Guarded by ioLock: raw bytes read but not yet turned into validated messages.
    private byte[] buf = new byte[INITIAL_BUFFER_BYTES];
    private int start;
    private int end;
    /** Header plus body size of the message starting at {@code start}, or 0 while its header is incomplete. */
    private int pendingTotal;
    private boolean parsingStopped;

    // Guarded by the queue's monitor: validated messages waiting for the reader, then how the stream ends.
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int headPos;
    private long queuedBytes;
    private boolean endOfStream;
    private String failure;
    private boolean noticeSent;

    private volatile IntConsumer abandonListener;
    private volatile boolean closeWhenIdle;

    PduGuard(InputStream in, SerializedOutputStream out, InputLimits limits) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    PduGuard(InputStream in, OutputStream out, InputLimits limits) {
        this(in, out instanceof SerializedOutputStream s ? s : new SerializedOutputStream(out), limits);
    }

    /** The stream on which this guard writes its own replies; the listener must write through it too. */
    SerializedOutputStream output() {
        return out;
    }

    /**
     * Registers a callback that receives the target message ID of every valid abandon request as soon as it
     * is validated, which may be well before the listener's reader thread gets round to decoding it.
     */
    void setAbandonListener(IntConsumer listener) {
        this.abandonListener = listener;
    }

    /**
     * With {@code true}, a read timeout (SO_TIMEOUT set as the idle timeout, see {@link ConnectionLimits}) ends
     * the connection with a notice of disconnection, unavailable (52), instead of leaving the read resumable.
     * A guard that replaces this one (StartTLS) should copy it from {@link #closesWhenIdle()}.
     */
    void closeWhenIdle(boolean close) {
        this.closeWhenIdle = close;
    }

    boolean closesWhenIdle() {
        return closeWhenIdle;
    }

    /**
     * Validates whatever complete messages can be assembled from bytes that have already arrived, without
     * blocking, so that a long-running operation can notice an abandon request sent after it started.
     */
    void pollAvailable() throws IOException {
        if (ioLock.isHeldByCurrentThread()) {
            // Called back from inside validation (an abandon listener); the outer pass will finish the job.
            return;
        }
        if (!ioLock.tryLock()) {
            // Another thread is reading and will validate (and report) whatever arrives.
            return;
        }
        try {
            parseBuffered();
            // Stop pulling once a message's worth is queued so a client cannot make us buffer without bound.
            while (!parsingStopped && queuedBytes() < limits.maxMessageBytes()) {
                int available = in.available();
                if (available <= 0) {
                    break;
                }
                ensureSpace();
                int n = in.read(buf, end, Math.min(available, buf.length - end));
                if (n < 0) {
                    onEndOfInput();
                    break;
                }
                if (n == 0) {
                    break;
                }
                end += n;
                parseBuffered();
            }
        } finally {
            ioLock.unlock();
        }
    }

    /**
     * Whether bytes beyond the messages already read have arrived: a request sent after StartTLS and before
     * its response (RFC 4511 §4.14.1 has StartTLS refused then). Called on the reading thread between reads.
     */
    boolean hasPendingInput() throws IOException {
        pollAvailable();
        synchronized (queue) {
            if (!queue.isEmpty() || failure != null) {
                return true;
            }
        }
        if (!ioLock.tryLock()) {
            return true;
        }
        try {
            return end > start;
        } finally {
            ioLock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (true) {
            String failed;
            synchronized (queue) {
                int n = takeQueued(b, off, len);
                if (n > 0) {
                    return n;
                }
                if (endOfStream) {
                    return -1;
                }
                failed = failure;
            }
            if (failed != null) {
                throw disconnect(failed);
            }
            ioLock.lock();
            try {
                fillBlocking();
            } catch (SocketTimeoutException e) {
                if (!closeWhenIdle) {
                    throw e; // resumable: the partial message stays buffered
                }
                // The idle timeout (SO_TIMEOUT, see ConnectionLimits): the reading thread waits here only
                // between requests, never while one is processed, so this is a client that sent nothing (or
                // only part of a request) for that long. Part of a request is dropped with the connection.
                throw disconnect(RESULT_UNAVAILABLE, IDLE_TIMEOUT);
            } finally {
                ioLock.unlock();
            }
        }
    }

    @Override
    public int available() {
        synchronized (queue) {
            return (int) Math.min(Integer.MAX_VALUE, queuedBytes - headPos);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reading and framing (caller holds ioLock)

    /** Reads until at least one message is queued or the stream has ended; partial bytes survive a timeout. */
    private void fillBlocking() throws IOException {
        while (true) {
            parseBuffered();
            if (parsingStopped || hasQueued()) {
                return;
            }
            ensureSpace();
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                onEndOfInput();
                return;
            }
            end += n;
        }
    }

    private void parseBuffered() throws IOException {
        while (!parsingStopped && parseOne()) {
            // keep going while whole messages are buffered
        }
    }

    /** Frames and handles one message at {@code start}; returns false when more bytes are needed. */
    private boolean parseOne() throws IOException {
        int available = end - start;
        if (available == 0) {
            return false;
        }
        if (pendingTotal == 0) {
            int tag = buf[start] & 0xFF;
            if (tag != TAG_SEQUENCE) {
                stop(malformed(String.format(
                        "a request must start with a SEQUENCE (0x30), but the first byte was 0x%02X", tag)));
                return false;
            }
            if (available < 2) {
                return false;
            }
            int first = buf[start + 1] & 0xFF;
            long length;
            int headerBytes;
            if (first < 0x80) {
                length = first;
                headerBytes = 2;
            } else {
                int octets = first & 0x7F;
                if (octets == 0) {
                    stop(malformed("indefinite-length encoding is not allowed in LDAP"));
                    return false;
                }
                if (octets > 4) {
                    stop(malformed("the request length is encoded in " + octets + " octets (at most 4 allowed)"));
                    return false;
                }
                if (available < 2 + octets) {
                    return false;
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (buf[start + 2 + i] & 0xFF);
                }
                headerBytes = 2 + octets;
            }
            if (length > limits.maxMessageBytes()) {
                stop("request too large: it declares " + length + " bytes, more than the limit of "
                        + limits.maxMessageBytes() + " bytes; closing the connection");
                return false;
            }
            pendingTotal = headerBytes + (int) length;
        }
        if (available < pendingTotal) {
            return false;
        }

        int headerBytes = headerLength(buf, start);
        byte[] pdu = Arrays.copyOfRange(buf, start, start + pendingTotal);
        start += pendingTotal;
        pendingTotal = 0;
        if (start == end) {
            start = 0;
            end = 0;
            if (buf.length > RETAINED_BUFFER_BYTES) {
                buf = new byte[INITIAL_BUFFER_BYTES];
            }
        }
        handle(pdu, headerBytes);
        return true;
    }

    private void handle(byte[] pdu, int headerBytes) throws IOException {
        Shape shape = walk(pdu, headerBytes, pdu.length);
        if (shape.malformed != null) {
            stop(malformed(shape.malformed));
            return;
        }
        String overLimit = null;
        if (shape.maxDepth > limits.maxNestingDepth()) {
            overLimit = "request nesting depth exceeds the limit of " + limits.maxNestingDepth()
                    + " (a search filter may nest about " + Math.max(1, limits.maxNestingDepth() - 4)
                    + " levels); request not processed";
        } else if (shape.elements > limits.maxElementsPerMessage()) {
            overLimit = "request has " + shape.elements + " BER elements, more than the limit of "
                    + limits.maxElementsPerMessage() + "; request not processed";
        }
        if (overLimit != null) {
            int responseTag = responseTagFor(shape.opTag);
            if (responseTag != 0) {
                out.writeMessage(ldapResult(shape.messageId, responseTag, RESULT_ADMIN_LIMIT_EXCEEDED,
                        overLimit, null));
            }
            // Abandon and unbind have no response; an oversized one is simply dropped.
            return;
        }
        synchronized (queue) {
            queue.addLast(pdu);
            queuedBytes += pdu.length;
        }
        if (shape.opTag == OP_ABANDON) {
            IntConsumer listener = abandonListener;
            if (listener != null) {
                listener.accept(shape.abandonTarget);
            }
        }
    }

    private void onEndOfInput() {
        if (start == end) {
            parsingStopped = true;
            synchronized (queue) {
                endOfStream = true;
            }
        } else if (pendingTotal > 0) {
            stop(malformed("the connection ended in the middle of a request (" + (end - start) + " of "
                    + pendingTotal + " bytes received)"));
        } else {
            stop(malformed("the connection ended in the middle of a request header"));
        }
    }

    /** Ends parsing; the failure reaches the reader only after the messages validated before it. */
    private void stop(String message) {
        parsingStopped = true;
        start = 0;
        end = 0;
        pendingTotal = 0;
        buf = new byte[0];
        synchronized (queue) {
            failure = message;
        }
    }

    private static String malformed(String problem) {
        return "malformed request: " + problem + "; closing the connection";
    }

    private void ensureSpace() {
        int held = end - start;
        int needed = Math.max(pendingTotal, held + 1);
        if (start + needed <= buf.length && end < buf.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, held);
            start = 0;
            end = held;
        }
        if (end == buf.length || needed > buf.length) {
            // Grow geometrically rather than trusting a declared length with a full-size allocation up front.
            long doubled = Math.max(INITIAL_BUFFER_BYTES, 2L * buf.length);
            int cap = pendingTotal > 0 ? pendingTotal : MAX_HEADER_BYTES + limits.maxMessageBytes();
            int newSize = (int) Math.max(held + 1L, Math.min(doubled, cap));
            buf = Arrays.copyOf(buf, newSize);
        }
    }

    private static int headerLength(byte[] b, int at) {
        int first = b[at + 1] & 0xFF;
        return first < 0x80 ? 2 : 2 + (first & 0x7F);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queue (caller holds the queue's monitor unless noted)

    private int takeQueued(byte[] b, int off, int len) {
        int copied = 0;
        while (copied < len && !queue.isEmpty()) {
            byte[] head = queue.peekFirst();
            int n = Math.min(len - copied, head.length - headPos);
            System.arraycopy(head, headPos, b, off + copied, n);
            copied += n;
            headPos += n;
            if (headPos == head.length) {
                queue.removeFirst();
                queuedBytes -= head.length;
                headPos = 0;
                // One message per read: a buffering reader above (the SDK's) then never holds bytes of the
                // next message when it has decoded this one, so StartTLS can tell whether input is pending.
                break;
            }
        }
        return copied;
    }

    private boolean hasQueued() {
        synchronized (queue) {
            return !queue.isEmpty();
        }
    }

    private long queuedBytes() {
        synchronized (queue) {
            return queuedBytes;
        }
    }

    /** Sends the notice of disconnection once, then reports the failure to whoever is reading. */
    private IOException disconnect(String message) {
        return disconnect(RESULT_PROTOCOL_ERROR, message);
    }

    private IOException disconnect(int resultCode, String message) {
        boolean send;
        synchronized (queue) {
            send = !noticeSent;
            noticeSent = true;
        }
        if (send) {
            try {
                out.writeFinalMessage(noticeOfDisconnection(resultCode, message));
            } catch (IOException e) {
                // The client may already be gone; the failure below is what matters.
            }
        }
        return new IOException(message);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Structure walk

    /** What the shallow, iterative walk of one message learned about it. */
    private static final class Shape {
        String malformed;
        int messageId;
        int opTag;
        int abandonTarget;
        int maxDepth;
        int elements;
    }

    /**
     * Checks that every element fits its parent exactly, using an explicit stack so that nesting depth costs
     * heap rather than thread stack, and records depth, element count, message ID and operation.
     */
    private static Shape walk(byte[] b, int from, int to) {
        Shape shape = new Shape();
        int[] ends = new int[64];
        int sp = 0;
        ends[sp++] = to;
        int p = from;
        int elements = 1;
        int maxDepth = 1;
        int topLevelIndex = 0;
        while (true) {
            while (sp > 0 && p == ends[sp - 1]) {
                sp--;
            }
            if (sp == 0) {
                break;
            }
            int limit = ends[sp - 1];
            int tag = b[p++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                return malformed(shape, String.format("multi-byte tag 0x%02X is not used in LDAP", tag));
            }
            if (p >= limit) {
                return malformed(shape, String.format(
                        "element with tag 0x%02X has no length within its enclosing element", tag));
            }
            int first = b[p++] & 0xFF;
            long length;
            if (first < 0x80) {
                length = first;
            } else {
                int octets = first & 0x7F;
                if (octets == 0) {
                    return malformed(shape, "indefinite-length encoding is not allowed in LDAP");
                }
                if (octets > 4) {
                    return malformed(shape, "an element length is encoded in " + octets
                            + " octets (at most 4 allowed)");
                }
                if (limit - p < octets) {
                    return malformed(shape, "an element length field runs past its enclosing element");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (b[p++] & 0xFF);
                }
            }
            int left = limit - p;
            if (length > left) {
                return malformed(shape, "element length " + length + " exceeds its enclosing element ("
                        + left + " bytes left)");
            }
            int len = (int) length;
            elements++;
            maxDepth = Math.max(maxDepth, sp + 1);
            if (sp == 1) {
                topLevelIndex++;
                if (topLevelIndex == 1) {
                    if (tag != TAG_INTEGER || len < 1 || len > 4) {
                        return malformed(shape, "the message ID is not an INTEGER of 1 to 4 bytes");
                    }
                    shape.messageId = readInt(b, p, len);
                    // RFC 4511 §4.1.1.1: requests use 1 to 2^31-1; 0 is kept for unsolicited notices.
                    if (shape.messageId <= 0) {
                        return malformed(shape, "message ID " + shape.messageId + " is outside 1 to 2147483647");
                    }
                } else if (topLevelIndex == 2) {
                    if (!isRequestTag(tag)) {
                        return malformed(shape, String.format("unknown operation tag 0x%02X", tag));
                    }
                    shape.opTag = tag;
                    if (tag == OP_ABANDON) {
                        if (len < 1 || len > 4) {
                            return malformed(shape, "the abandon request does not hold a message ID");
                        }
                        shape.abandonTarget = readInt(b, p, len);
                    }
                }
            }
            if ((tag & TAG_CONSTRUCTED) != 0) {
                if (sp == ends.length) {
                    ends = Arrays.copyOf(ends, ends.length * 2);
                }
                ends[sp++] = p + len;
            } else {
                p += len;
            }
        }
        if (topLevelIndex < 2) {
            return malformed(shape, "the message has no operation");
        }
        shape.maxDepth = maxDepth;
        shape.elements = elements;
        return shape;
    }

    private static Shape malformed(Shape shape, String problem) {
        shape.malformed = problem;
        return shape;
    }

    private static int readInt(byte[] b, int at, int len) {
        int v = b[at];
        for (int i = 1; i < len; i++) {
            v = (v << 8) | (b[at + i] & 0xFF);
        }
        return v;
    }

    private static boolean isRequestTag(int tag) {
        return switch (tag) {
            case OP_BIND, OP_UNBIND, OP_SEARCH, OP_MODIFY, OP_ADD, OP_DELETE, OP_MODIFY_DN, OP_COMPARE,
                 OP_ABANDON, OP_EXTENDED -> true;
            default -> false;
        };
    }

    /** The response operation tag that answers a request, or 0 for requests that get no response. */
    private static int responseTagFor(int requestTag) {
        return switch (requestTag) {
            case OP_BIND -> 0x61;
            case OP_SEARCH -> 0x65;
            case OP_MODIFY -> 0x67;
            case OP_ADD -> 0x69;
            case OP_DELETE -> 0x6B;
            case OP_MODIFY_DN -> 0x6D;
            case OP_COMPARE -> 0x6F;
            case OP_EXTENDED -> OP_EXTENDED_RESPONSE;
            default -> 0;
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Response encoding

    static byte[] noticeOfDisconnection(String diagnosticMessage) {
        return noticeOfDisconnection(RESULT_PROTOCOL_ERROR, diagnosticMessage);
    }

    /** A notice of disconnection (RFC 4511 §4.4.1) with the given result code, e.g. busy (51) or unavailable (52). */
    static byte[] noticeOfDisconnection(int resultCode, String diagnosticMessage) {
        return ldapResult(0, OP_EXTENDED_RESPONSE, resultCode, diagnosticMessage, NOTICE_OF_DISCONNECTION_OID);
    }

    /** Encodes an LDAPMessage carrying an LDAPResult-shaped response, optionally with an extended responseName. */
    static byte[] ldapResult(int messageId, int responseTag, int resultCode, String diagnosticMessage,
                             String responseName) {
        byte[] result = concat(
                tlv(TAG_ENUMERATED, BigInteger.valueOf(resultCode).toByteArray()),
                tlv(TAG_OCTET_STRING, new byte[0]),
                tlv(TAG_OCTET_STRING, diagnosticMessage.getBytes(StandardCharsets.UTF_8)),
                responseName == null ? new byte[0]
                        : tlv(TAG_RESPONSE_NAME, responseName.getBytes(StandardCharsets.UTF_8)));
        return tlv(TAG_SEQUENCE, concat(
                tlv(TAG_INTEGER, BigInteger.valueOf(messageId).toByteArray()),
                tlv(responseTag, result)));
    }

    private static byte[] tlv(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n <= 0xFF) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n <= 0xFFFF) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else if (n <= 0xFFFFFF) {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x84, (byte) (n >> 24), (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        return concat(new byte[] {(byte) tag}, length, content);
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }
}
