package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.unboundid.asn1.ASN1StreamReader;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ProtocolOp;
import com.unboundid.ldap.sdk.LDAPException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * A bare LDAP client on a plain socket: sends whatever bytes a test builds, however broken, and
 * reads what the server answers, telling a close apart from a hang (30-second read timeout).
 */
final class RawLdapClient implements AutoCloseable {
  static final int READ_TIMEOUT_MILLIS = 30_000;
  static final String NOTICE_OF_DISCONNECTION = "1.3.6.1.4.1.1466.20036";

  /** How a connection ended from the client's side. */
  enum End {
    /** The server closed the connection (end of stream). */
    CLOSED,
    /** The connection was reset or otherwise failed with an I/O error. */
    RESET,
    /** Nothing arrived for {@link #READ_TIMEOUT_MILLIS}: the server hangs. */
    TIMEOUT,
    /** The server sent bytes that are not a valid LDAP message. */
    UNDECODABLE
  }

  /** Everything the server sent until the connection ended, and how it ended. */
  record Transcript(List<LDAPMessage> messages, End end, String detail) {
    boolean hasNoticeOfDisconnection() {
      return messages.stream().anyMatch(RawLdapClient::isNoticeOfDisconnection);
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final ASN1StreamReader reader;

  RawLdapClient(int port) throws IOException {
    this(new Socket("127.0.0.1", port));
  }

  /** Over a connected socket, for example a TLS one. */
  RawLdapClient(Socket connected) throws IOException {
    socket = connected;
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    reader = new ASN1StreamReader(socket.getInputStream());
  }

  /** Encodes one request the way a well-behaved client would. */
  static byte[] encode(int messageId, ProtocolOp op) {
    return new LDAPMessage(messageId, op).encode().encode();
  }

  static boolean isNoticeOfDisconnection(LDAPMessage message) {
    return message.getMessageID() == 0
        && message.getProtocolOpType() == LDAPMessage.PROTOCOL_OP_TYPE_EXTENDED_RESPONSE
        && NOTICE_OF_DISCONNECTION.equals(message.getExtendedResponseProtocolOp().getResponseOID());
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Tells the server this client will send nothing more (half-close). */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** Binds as the NAS administrator with a simple bind and requires success. */
  void bindAsAdmin(int messageId) throws IOException, LDAPException {
    send(encode(messageId, new BindRequestProtocolOp(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD)));
    LDAPMessage reply = receive();
    assertNotNull(reply, "the server closed the connection instead of answering the bind");
    assertEquals(messageId, reply.getMessageID());
    assertEquals(0, reply.getBindResponseProtocolOp().getResultCode(), "admin bind");
  }

  /**
   * The next message, or null when the server closed the connection.
   *
   * @throws SocketTimeoutException when nothing arrives within the read timeout
   * @throws LDAPException when the bytes cannot be decoded
   */
  LDAPMessage receive() throws IOException, LDAPException {
    try {
      return LDAPMessage.readFrom(reader, false);
    } catch (LDAPException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (String.valueOf(e.getMessage()).contains("timed out")) {
        // The SDK reports a timeout in the middle of a message as a decoding error, without a cause.
        throw new SocketTimeoutException(e.getMessage());
      }
      throw e;
    }
  }

  /** Reads until the connection ends, times out or carries something that is not LDAP. */
  Transcript readToEnd() {
    List<LDAPMessage> messages = new ArrayList<>();
    while (true) {
      try {
        LDAPMessage message = receive();
        if (message == null) {
          return new Transcript(messages, End.CLOSED, "");
        }
        messages.add(message);
      } catch (SocketTimeoutException e) {
        return new Transcript(messages, End.TIMEOUT, e.getMessage());
      } catch (IOException e) {
        return new Transcript(messages, End.RESET, e.toString());
      } catch (LDAPException e) {
        return new Transcript(messages, End.UNDECODABLE, e.getMessage());
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
