package uk.nhs.peoplefinder.ldap;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Limits applied to each accepted TCP connection before the listener sees it: at most {@code
 * maxPerAddress} open connections from one client address (the next is sent a notice of
 * disconnection, busy (51), and closed, so that one client cannot take every connection), and an
 * idle timeout (SO_TIMEOUT) after which a connection on which no request arrives is closed with a
 * notice of disconnection by {@link PduGuard}.
 *
 * <p>Open connections are counted by keeping the accepted sockets per address and dropping the
 * closed ones at the next accept from that address: closing a connection (by the client, the
 * server or a failure) needs no bookkeeping of its own.
 */
final class ConnectionLimits {
  private static final Logger LOG = System.getLogger(ConnectionLimits.class.getName());

  /** No per-address limit, no idle timeout. */
  static final ConnectionLimits NONE = new ConnectionLimits(0, 0);

  static final int RESULT_BUSY = 51;

  private final int maxPerAddress;
  private final int idleTimeoutSeconds;
  private final Map<InetAddress, List<Socket>> open = new HashMap<>();

  /**
   * @param maxPerAddress open connections allowed from one client address; 0 for no limit
   * @param idleTimeoutSeconds seconds without a request before a connection is closed; 0 for none
   */
  ConnectionLimits(int maxPerAddress, int idleTimeoutSeconds) {
    if (maxPerAddress < 0 || idleTimeoutSeconds < 0) {
      throw new IllegalArgumentException("connection limits cannot be negative");
    }
    this.maxPerAddress = maxPerAddress;
    this.idleTimeoutSeconds = idleTimeoutSeconds;
  }

  /**
   * Admits an accepted connection, setting its idle timeout, or refuses it: sends a notice of
   * disconnection naming the limit and closes it.
   *
   * @return true when admitted
   */
  boolean admit(Socket accepted) {
    try {
      if (idleTimeoutSeconds > 0) {
        accepted.setSoTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeoutSeconds * 1000L));
      }
    } catch (IOException e) {
      closeQuietly(accepted);
      return false;
    }
    if (maxPerAddress == 0) {
      return true;
    }
    InetAddress address = accepted.getInetAddress();
    int count;
    synchronized (open) {
      if (open.size() > 1024) {
        open.values().forEach(sockets -> sockets.removeIf(Socket::isClosed));
        open.values().removeIf(List::isEmpty);
      }
      List<Socket> sockets = open.computeIfAbsent(address, a -> new ArrayList<>());
      sockets.removeIf(Socket::isClosed);
      count = sockets.size();
      if (count < maxPerAddress) {
        sockets.add(accepted);
        return true;
      }
    }
    String message =
        "busy: " + count + " connections from " + address.getHostAddress() + " are open, the most allowed from one"
            + " address (max connections per address " + maxPerAddress + "); close one and try again";
    LOG.log(Level.INFO, message);
    try {
      // A notice is small enough for the socket's send buffer: this never blocks the accepting thread.
      OutputStream out = accepted.getOutputStream();
      out.write(PduGuard.noticeOfDisconnection(RESULT_BUSY, message));
      out.flush();
      accepted.shutdownOutput();
      // Unread input would make the close a reset, which can discard the notice before it is read.
      accepted.getInputStream().skip(accepted.getInputStream().available());
    } catch (IOException e) {
      // the client is gone already
    }
    closeQuietly(accepted);
    return false;
  }

  /**
   * Makes the guard of an admitted, wrapped connection close it with a notice of disconnection
   * when the idle timeout fires.
   */
  Socket watch(Socket wrapped) {
    if (idleTimeoutSeconds > 0 && wrapped instanceof GuardedConnection guarded) {
      guarded.guard().closeWhenIdle(true);
    }
    return wrapped;
  }

  /** Open connections counted for the address (closed ones are not). */
  int openFrom(InetAddress address) {
    synchronized (open) {
      List<Socket> sockets = open.get(address);
      return sockets == null ? 0 : (int) sockets.stream().filter(s -> !s.isClosed()).count();
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
