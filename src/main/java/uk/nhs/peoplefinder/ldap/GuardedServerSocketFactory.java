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

    public GuardedServerSocketFactory(InputLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public InputLimits limits() {
        return limits;
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new GuardingServerSocket(limits);
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        return new GuardingServerSocket(limits, port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        return new GuardingServerSocket(limits, port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new GuardingServerSocket(limits, port, backlog, bindAddress);
    }

    /** Plain server socket whose accepted connections come back already wrapped in the guard. */
    private static final class GuardingServerSocket extends ServerSocket {

        private final InputLimits limits;

        GuardingServerSocket(InputLimits limits) throws IOException {
            this.limits = limits;
        }

        GuardingServerSocket(InputLimits limits, int port, int backlog, InetAddress bindAddress)
                throws IOException {
            super(port, backlog, bindAddress);
            this.limits = limits;
        }

        @Override
        public Socket accept() throws IOException {
            Socket accepted = super.accept();
            try {
                return new GuardedSocket(accepted, limits);
            } catch (IOException | RuntimeException e) {
                accepted.close();
                throw e;
            }
        }
    }
}
