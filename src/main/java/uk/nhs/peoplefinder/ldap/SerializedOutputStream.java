package uk.nhs.peoplefinder.ldap;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Output stream shared by the listener and the input guard so that their LDAP messages never interleave on the wire.
 */
final class SerializedOutputStream extends OutputStream {

    /** Half-closes the transport; a plain socket supports it, an SSL socket does not. */
    @FunctionalInterface
    interface ShutdownHook {
        void shutdownOutput() throws IOException;
    }

    private final Object lock = new Object();
    private final OutputStream out;
    private final ShutdownHook shutdownHook;
    private boolean shutDown;

    SerializedOutputStream(OutputStream out) {
        this(out, () -> { });
    }

    SerializedOutputStream(OutputStream out, ShutdownHook shutdownHook) {
        this.out = out;
        this.shutdownHook = shutdownHook;
    }

    @Override
    public void write(int b) throws IOException {
        synchronized (lock) {
            ensureOpen();
            out.write(b);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        synchronized (lock) {
            ensureOpen();
            out.write(b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            if (!shutDown) {
                out.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            shutDown = true;
            out.close();
        }
    }

    /** Writes one complete LDAP message and flushes it, so that no other writer can get in between. */
    void writeMessage(byte[] message) throws IOException {
        synchronized (lock) {
            ensureOpen();
            out.write(message);
            out.flush();
        }
    }

    /**
     * Writes a final message (a notice of disconnection) and then refuses all further output, so that the
     * listener's own follow-up notice cannot reach the client after ours.
     */
    void writeFinalMessage(byte[] message) throws IOException {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            try {
                out.write(message);
                out.flush();
            } finally {
                shutDown = true;
                try {
                    shutdownHook.shutdownOutput();
                } catch (IOException | UnsupportedOperationException e) {
                    // The connection is being torn down anyway; the caller reports the original problem.
                }
            }
        }
    }

    boolean isShutDown() {
        synchronized (lock) {
            return shutDown;
        }
    }

    private void ensureOpen() throws IOException {
        if (shutDown) {
            throw new IOException("the connection's output has been shut down");
        }
    }
}
