package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * LDAPS and StartTLS with the generated self-signed certificate, the input guard above TLS on both,
 * the certificate kept in the data directory, and the option that refuses passwords in clear text.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTest {
  private static final String START_TLS = "1.3.6.1.4.1.1466.20037";
  private static final String JOHN_SMITH_FILTER = "(uid=john.smith)";

  @RegisterExtension static final ServerExtension server = ServerExtension.with(b -> b.ldapsPort(0));

  @RegisterExtension
  static final ServerExtension strict = ServerExtension.with(b -> b.ldapsPort(0).requireTlsForBinds(true));

  private static SSLUtil trustAll() {
    return new SSLUtil(new TrustAllTrustManager());
  }

  private static LDAPConnection ldaps(ServerExtension target) throws LDAPException, GeneralSecurityException {
    return new LDAPConnection(trustAll().createSSLSocketFactory(), "127.0.0.1", target.server().ldapsPort());
  }

  private static LDAPConnection startTls(ServerExtension target) throws LDAPException, GeneralSecurityException {
    LDAPConnection connection = new LDAPConnection("127.0.0.1", target.port());
    ExtendedResult result = connection.processExtendedOperation(new StartTLSExtendedRequest(trustAll().createSSLContext()));
    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result.getDiagnosticMessage());
    return connection;
  }

  private static void assertFindsJohnSmith(LDAPConnection connection) throws LDAPException {
    SearchResult result = connection.search(Attr.BASE_DN, SearchScope.SUB, JOHN_SMITH_FILTER, "uid");
    assertEquals(1, result.getEntryCount());
  }

  // ---------------------------------------------------------------- LDAPS and StartTLS with the SDK

  @Test
  void ldaps_bindAndSearch() throws Exception {
    assertTrue(server.server().ldapsPort() > 0);
    assertTrue(server.server().ldapsUrl().startsWith("ldaps://127.0.0.1:"));
    try (LDAPConnection connection = ldaps(server)) {
      assertTrue(connection.getSSLSession() != null, "the connection should be TLS");
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
  }

  @Test
  void startTls_thenBindAndSearch() throws Exception {
    try (LDAPConnection connection = startTls(server)) {
      assertNotNull(connection.getSSLSession(), "the connection should be TLS after StartTLS");
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
      // Many requests, so the TLS stream really carries the session, not just one exchange.
      for (int i = 0; i < 20; i++) {
        assertFindsJohnSmith(connection);
      }
    }
  }

  @Test
  void rootDse_advertisesStartTls() throws Exception {
    try (LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port())) {
      RootDSE dse = connection.getRootDSE();
      assertTrue(dse.supportsExtendedOperation(START_TLS), String.join(", ", dse.getSupportedExtendedOperationOIDs()));
    }
  }

  @Test
  void startTls_twice_isOperationsError_andTheConnectionStaysUsable() throws Exception {
    try (LDAPConnection connection = startTls(server)) {
      LDAPException e =
          LdapAssertions.assertFails(
              ResultCode.OPERATIONS_ERROR,
              "already encrypted",
              () -> connection.processExtendedOperation(new ExtendedRequestOid(START_TLS)));
      assertNotNull(e);
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
  }

  @Test
  void startTls_overLdaps_isOperationsError() throws Exception {
    try (LDAPConnection connection = ldaps(server)) {
      LdapAssertions.assertFails(
          ResultCode.OPERATIONS_ERROR,
          "already encrypted",
          () -> connection.processExtendedOperation(new ExtendedRequestOid(START_TLS)));
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
  }

  @Test
  void startTls_withARequestPipelinedBehindIt_isRefusedAndStaysClearText() throws Exception {
    try (RawLdapClient client = new RawLdapClient(server.port())) {
      byte[] startTls = RawLdapClient.encode(1, new ExtendedRequestProtocolOp(START_TLS, null));
      byte[] bind =
          RawLdapClient.encode(2, new BindRequestProtocolOp(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD));
      client.send(MalformedInputTest.concat(startTls, bind));
      LDAPMessage first = client.receive();
      assertNotNull(first);
      assertEquals(1, first.getMessageID());
      ExtendedResponseProtocolOp refused = first.getExtendedResponseProtocolOp();
      assertEquals(ResultCode.OPERATIONS_ERROR_INT_VALUE, refused.getResultCode(), refused.getDiagnosticMessage());
      LDAPMessage second = client.receive();
      assertNotNull(second);
      assertEquals(0, second.getBindResponseProtocolOp().getResultCode(), "the pipelined bind, in clear text");
    }
  }

  @Test
  void clearTextOnTheLdapsPort_failsTheHandshake_andLdapsStillWorks() throws Exception {
    try (LDAPConnection plain = new LDAPConnection()) {
      plain.getConnectionOptions().setResponseTimeoutMillis(10_000);
      plain.connect("127.0.0.1", server.server().ldapsPort());
      LDAPException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              LDAPException.class, () -> plain.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD));
      // The server answers the clear-text bytes with a TLS alert and closes: closed, or undecodable, to the client.
      assertTrue(
          e.getResultCode() == ResultCode.SERVER_DOWN || e.getResultCode() == ResultCode.DECODING_ERROR,
          e.getMessage());
    }
    try (LDAPConnection connection = ldaps(server)) {
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
  }

  // ---------------------------------------------------------------- the input guard above TLS

  @Test
  void deepFilter_overLdaps_isAdminLimitExceeded_andTheConnectionStaysUsable() throws Exception {
    SSLSocket socket =
        (SSLSocket) trustAll().createSSLSocketFactory().createSocket("127.0.0.1", server.server().ldapsPort());
    try (RawLdapClient client = new RawLdapClient(socket)) {
      assertDeepFilterRefusedAndConnectionUsable(client);
    }
  }

  @Test
  void deepFilter_afterStartTls_isAdminLimitExceeded_andTheConnectionStaysUsable() throws Exception {
    Socket plain = new Socket("127.0.0.1", server.port());
    plain.setSoTimeout(RawLdapClient.READ_TIMEOUT_MILLIS);
    // StartTLS in clear text, by hand, then a client-mode TLS socket over the same TCP connection.
    plain.getOutputStream().write(RawLdapClient.encode(1, new ExtendedRequestProtocolOp(START_TLS, null)));
    plain.getOutputStream().flush();
    LDAPMessage reply = readOneMessage(plain.getInputStream());
    ExtendedResponseProtocolOp response = reply.getExtendedResponseProtocolOp();
    assertEquals(0, response.getResultCode(), response.getDiagnosticMessage());
    assertEquals(START_TLS, response.getResponseOID());
    SSLContext context = trustAll().createSSLContext();
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", server.port(), true);
    tls.setUseClientMode(true);
    tls.startHandshake();
    try (RawLdapClient client = new RawLdapClient(tls)) {
      assertDeepFilterRefusedAndConnectionUsable(client);
    }
  }

  private static void assertDeepFilterRefusedAndConnectionUsable(RawLdapClient client) throws Exception {
    client.bindAsAdmin(2);
    byte[] filter = MalformedInputTest.deepNotFilter(10_000);
    client.send(MalformedInputTest.searchPdu(7, Attr.BASE_DN, filter));
    LDAPMessage reply = client.receive();
    assertNotNull(reply, "the server closed the connection instead of answering");
    assertEquals(7, reply.getMessageID());
    SearchResultDoneProtocolOp done = reply.getSearchResultDoneProtocolOp();
    assertEquals(ResultCode.ADMIN_LIMIT_EXCEEDED_INT_VALUE, done.getResultCode(), done.getDiagnosticMessage());
    assertTrue(done.getDiagnosticMessage().contains("nesting depth"), done.getDiagnosticMessage());

    client.send(
        RawLdapClient.encode(
            8,
            new SearchRequestProtocolOp(
                Attr.BASE_DN,
                SearchScope.SUB,
                DereferencePolicy.NEVER,
                0,
                0,
                false,
                Filter.create(JOHN_SMITH_FILTER),
                List.of("uid"))));
    List<LDAPMessage> answers = new ArrayList<>();
    while (true) {
      LDAPMessage message = client.receive();
      assertNotNull(message, "the connection closed after the refused filter");
      answers.add(message);
      if (message.getProtocolOpType() == com.unboundid.ldap.protocol.LDAPMessage.PROTOCOL_OP_TYPE_SEARCH_RESULT_DONE) {
        assertEquals(0, message.getSearchResultDoneProtocolOp().getResultCode());
        break;
      }
    }
    assertEquals(2, answers.size(), "one entry and the done: " + answers);
  }

  // ---------------------------------------------------------------- require TLS for binds

  @Test
  void requireTls_refusesAPasswordInClearText_butAllowsAnonymous() throws Exception {
    try (LDAPConnection connection = new LDAPConnection("127.0.0.1", strict.port())) {
      LDAPException e =
          LdapAssertions.assertFails(
              ResultCode.CONFIDENTIALITY_REQUIRED,
              "StartTLS",
              () -> connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD));
      assertNotNull(e);
      assertEquals(ResultCode.SUCCESS, connection.bind("", "").getResultCode(), "an anonymous bind needs no TLS");
    }
  }

  @Test
  void requireTls_acceptsThePasswordAfterStartTls_andOverLdaps() throws Exception {
    try (LDAPConnection connection = startTls(strict)) {
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
    try (LDAPConnection connection = ldaps(strict)) {
      connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      assertFindsJohnSmith(connection);
    }
  }

  // ---------------------------------------------------------------- the certificate

  @Test
  void generatedCertificate_persistsInTheDataDirectory(@TempDir Path dataDir) throws Exception {
    String first;
    try (PeopleFinderServer one = minimal().dataDir(dataDir).ldapsPort(0).start()) {
      first = one.tlsFingerprint();
      try (LDAPConnection connection =
          new LDAPConnection(trustAll().createSSLSocketFactory(), "127.0.0.1", one.ldapsPort())) {
        assertEquals(ResultCode.SUCCESS, connection.bind("", "").getResultCode());
      }
    }
    Path keystore = dataDir.resolve("tls/server.p12");
    Path pin = dataDir.resolve("tls/server.p12.pin");
    assertTrue(Files.isRegularFile(keystore));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pin)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keystore)));
    try (PeopleFinderServer two = minimal().dataDir(dataDir).start()) {
      assertEquals(first, two.tlsFingerprint(), "the same certificate after a restart");
    }
    try (PeopleFinderServer elsewhere = minimal().start()) {
      assertFalse(first.equals(elsewhere.tlsFingerprint()), "without a data directory: a fresh in-memory one");
    }
  }

  @Test
  void userSuppliedKeystore_isUsed(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("mine.p12");
    Path password = dir.resolve("password.txt");
    SelfSignedCertificateGenerator.generateSelfSignedCertificate(
        "test", keystore.toFile(), "Secret-Pin-1", "PKCS12", "mine");
    Files.writeString(password, "Secret-Pin-1\n");
    try (PeopleFinderServer mine = minimal().keystore(keystore, password).ldapsPort(0).start()) {
      java.security.KeyStore store = java.security.KeyStore.getInstance(keystore.toFile(), "Secret-Pin-1".toCharArray());
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256").digest(store.getCertificate("mine").getEncoded());
      assertEquals(
          java.util.HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest), mine.tlsFingerprint());
      try (LDAPConnection connection =
          new LDAPConnection(trustAll().createSSLSocketFactory(), "127.0.0.1", mine.ldapsPort())) {
        connection.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);
      }
    }
  }

  private static PeopleFinderServer.Builder minimal() {
    return PeopleFinderServer.builder()
        .port(0)
        .withoutSeedData()
        .adminPassword(ServerExtension.ADMIN_PASSWORD)
        .helpdeskPassword(ServerExtension.HELPDESK_PASSWORD)
        .clock(Clock.fixed(ServerExtension.NOW, ZoneOffset.UTC));
  }

  // ---------------------------------------------------------------- OpenLDAP clients

  @Test
  void openLdap_ldapsearchOverLdaps() {
    OpenLdapTool.Result result =
        OpenLdapTool.run(
            "ldapsearch",
            withSearch(OpenLdapTool.asAdmin(server.server().ldapsUrl(), ServerExtension.ADMIN_PASSWORD)));
    assertEquals(0, result.exitCode(), result::describe);
    assertTrue(result.stdout().contains("uid: john.smith"), result::describe);
  }

  @Test
  void openLdap_ldapsearchWithStartTls() {
    List<String> args = new ArrayList<>(List.of("-ZZ"));
    args.addAll(withSearch(OpenLdapTool.asAdmin(strict.url(), ServerExtension.ADMIN_PASSWORD)));
    OpenLdapTool.Result result = OpenLdapTool.run("ldapsearch", args);
    assertEquals(0, result.exitCode(), result::describe);
    assertTrue(result.stdout().contains("uid: john.smith"), result::describe);
  }

  @Test
  void openLdap_withoutStartTls_requireTlsRefusesThePassword() {
    OpenLdapTool.Result result =
        OpenLdapTool.run("ldapsearch", withSearch(OpenLdapTool.asAdmin(strict.url(), ServerExtension.ADMIN_PASSWORD)));
    assertEquals(13, result.exitCode(), result::describe);
  }

  private static List<String> withSearch(List<String> bind) {
    List<String> args = new ArrayList<>(bind);
    args.addAll(List.of("-b", Attr.BASE_DN, "-LLL", JOHN_SMITH_FILTER, "uid"));
    return args;
  }

  /** An extended request with no value, for requests the SDK has no class for in this form. */
  private static final class ExtendedRequestOid extends com.unboundid.ldap.sdk.ExtendedRequest {
    private static final long serialVersionUID = 1L;

    ExtendedRequestOid(String oid) {
      super(oid);
    }
  }

  /** Reads exactly one (short) LDAP message, so that nothing of the TLS handshake after it is consumed. */
  private static LDAPMessage readOneMessage(java.io.InputStream in) throws Exception {
    java.io.DataInputStream data = new java.io.DataInputStream(in);
    int tag = data.readUnsignedByte();
    int first = data.readUnsignedByte();
    byte[] lengthBytes = new byte[first < 0x80 ? 0 : first & 0x7F];
    data.readFully(lengthBytes);
    int length = first < 0x80 ? first : new java.math.BigInteger(1, lengthBytes).intValueExact();
    byte[] body = new byte[length];
    data.readFully(body);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    whole.write(tag);
    whole.write(first);
    whole.writeBytes(lengthBytes);
    whole.writeBytes(body);
    return LDAPMessage.readFrom(
        new com.unboundid.asn1.ASN1StreamReader(new java.io.ByteArrayInputStream(whole.toByteArray())), false);
  }
}
