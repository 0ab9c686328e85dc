package uk.nhs.peoplefinder.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import javax.net.ServerSocketFactory;

/**
 * Server socket factory for {@code LDAPListenerConfig} whose accepted connections are input-guarded, so that
 * oversized, over-deep or malformed requests never reach the SDK's recursive message decoder.
 */
public final class GuardedServerSocketFactory extends ServerSocketFactory {

    private final InputLimits limits;
    /** Null for plain LDAP; otherwise every accepted connection is LDAPS (TLS from the first byte). */
    private final TlsContext tls;

    public GuardedServerSocketFactory(InputLimits limits) {
        this(limits, null);
    }

    GuardedServerSocketFactory(InputLimits limits, TlsContext tls) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.tls = tls;
    }

    public InputLimits limits() {
        return limits;
    }

    // Per-address connection limit and idle timeout of the sockets created from now on.
    private volatile ConnectionLimits connectionLimits = ConnectionLimits.NONE;

    /** Applies the per-address limit and idle timeout to every connection accepted (see {@link ConnectionLimits}). */
    GuardedServerSocketFactory limitConnections(ConnectionLimits limits) {
        this.connectionLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    private ServerSocket limited(GuardingServerSocket socket) {
        socket.connections = connectionLimits;
        return socket;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return limited(new GuardingServerSocket(limits, tls));
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return limited(new GuardingServerSocket(limits, tls, port, 50, null));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return limited(new GuardingServerSocket(limits, tls, port, backlog, null));
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return limited(new GuardingServerSocket(limits, tls, port, backlog, bindAddress));
    }

    /** Plain server socket whose accepted connections come back already wrapped in the guard. */
    private static final class GuardingServerSocket extends ServerSocket {

        private volatile ConnectionLimits connections = ConnectionLimits.NONE;

        private final InputLimits limits;
        private final TlsContext tls;

        GuardingServerSocket(InputLimits limits, TlsContext tls) throws IOException {
            this.limits = limits;
            this.tls = tls;
        }

        GuardingServerSocket(InputLimits limits, TlsContext tls, int port, int backlog, InetAddress bindAddress)
                throws IOException {
            super(port, backlog, bindAddress);
            this.limits = limits;
            this.tls = tls;
        }

        @Override
        public Socket accept() throws IOException {
            Socket accepted = super.accept();
            while (!connections.admit(accepted)) {
                accepted = super.accept(); // refused with a notice of disconnection: over the per-address limit
            }
            try {
                if (tls == null) {
                    return connections.watch(new GuardedSocket(accepted, limits));
                }
                // LDAPS: TLS over the accepted TCP socket, the guard over TLS (it reads decrypted bytes). The
                // handshake runs on the connection's own thread at its first read, never on the accept thread.
                return connections.watch(new GuardedSSLSocket(tls.serverSocketOver(accepted), limits));
            } catch (IOException | RuntimeException e) {
                accepted.close();
                throw e;
            }
        }
    }
}
