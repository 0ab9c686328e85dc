package uk.nhs.peoplefinder.ldap;

import java.net.Socket;

/** A client connection's socket with the input guard in front of the SDK's decoder, plain or TLS. */
interface GuardedConnection {
    /** The guard reading this connection's (decrypted) input. */
    PduGuard guard();

    /** The limits the guard enforces, for a guard that replaces it (StartTLS). */
    InputLimits limits();

    /** The wrapped socket: the accepted TCP socket, or the server-mode TLS socket over it. */
    Socket delegate();
}
