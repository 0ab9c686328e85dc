package uk.nhs.peoplefinder.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.LDAPListenerRequestHandler;
import com.unboundid.ldap.matchingrules.MatchingRule;
import com.unboundid.ldap.protocol.AbandonRequestProtocolOp;
import com.unboundid.ldap.protocol.AddRequestProtocolOp;
import com.unboundid.ldap.protocol.AddResponseProtocolOp;
import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.BindResponseProtocolOp;
import com.unboundid.ldap.protocol.CompareRequestProtocolOp;
import com.unboundid.ldap.protocol.CompareResponseProtocolOp;
import com.unboundid.ldap.protocol.DeleteRequestProtocolOp;
import com.unboundid.ldap.protocol.DeleteResponseProtocolOp;
import com.unboundid.ldap.protocol.ExtendedRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ModifyDNRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyDNResponseProtocolOp;
import com.unboundid.ldap.protocol.ModifyRequestProtocolOp;
import com.unboundid.ldap.protocol.ModifyResponseProtocolOp;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.protocol.SearchResultDoneProtocolOp;
import com.unboundid.ldap.protocol.UnbindRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import com.unboundid.ldap.sdk.controls.PreReadResponseControl;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ErrorType;
import com.unboundid.ldap.sdk.experimental.DraftBeheraLDAPPasswordPolicy10ResponseControl;
import com.unboundid.ldap.sdk.extensions.AbortedTransactionExtendedResult;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedResult;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedRequest;
import com.unboundid.ldap.sdk.extensions.PasswordModifyExtendedResult;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedResult;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.PasswordHash;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.WriteResult;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * The request handler of one client connection: turns each decoded LDAP request into a search,
 * a compare, a bind or a {@link Change} for the write pipeline, and each outcome into a response.
 */
final class RequestHandler extends LDAPListenerRequestHandler {
  private static final Logger LOG = System.getLogger(RequestHandler.class.getName());
  private static final int MAX_REMEMBERED_ABANDONS = 1024;

  private final DirectoryContext context;
  private final LDAPListenerClientConnection connection;
  // Replaced by StartTLS: the guard then reads the decrypted stream of the new TLS socket.
  private volatile PduGuard guard;
  // The server's TLS identity for StartTLS, or null when StartTLS is not offered.
  private final TlsContext tls;
  private final boolean requireTlsForBinds;
  private final Set<Integer> abandoned;
  private volatile Requester requester = Requester.ANONYMOUS;
  // R-ACTIVATE: the bound person's password was set by an administrator and must be changed first.
  private volatile boolean mustChange;
  // The open LDAP transaction (RFC 5805), or null; a connection has at most one.
  private volatile LdapTransaction transaction;

  RequestHandler(DirectoryContext context) {
    this(context, null, false);
  }

  /**
   * @param tls the server's TLS identity, offered through StartTLS; null for none
   * @param requireTlsForBinds refuse simple binds with a password on connections without TLS
   */
  RequestHandler(DirectoryContext context, TlsContext tls, boolean requireTlsForBinds) {
    this(context, null, tls, requireTlsForBinds);
  }

  private RequestHandler(
      DirectoryContext context, LDAPListenerClientConnection connection, TlsContext tls, boolean requireTlsForBinds) {
    this.context = context;
    this.connection = connection;
    this.tls = tls;
    this.requireTlsForBinds = requireTlsForBinds;
    this.abandoned = ConcurrentHashMap.newKeySet();
    Socket socket = connection == null ? null : connection.getSocket();
    this.guard = socket instanceof GuardedConnection guarded ? guarded.guard() : null;
    if (guard != null) {
      guard.setAbandonListener(this::rememberAbandon);
    }
  }

  @Override
  public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) {
    return new RequestHandler(context, connection, tls, requireTlsForBinds);
  }

  /** An unbind or a closed connection discards the open transaction (RFC 5805 §3.5). */
  @Override
  public void processUnbindRequest(int messageId, UnbindRequestProtocolOp request, List<Control> controls) {
    transaction = null;
  }

  @Override
  public void closeInstance() {
    transaction = null;
  }

  @Override
  public void processAbandonRequest(int messageId, AbandonRequestProtocolOp request, List<Control> controls) {
    // Operations run one at a time on a connection, so an abandon that gets here finds its target
    // finished; a search in progress learns of abandons from the guard (see rememberAbandon).
    abandoned.remove(request.getIDToAbandon());
  }

  private void rememberAbandon(int messageId) {
    if (abandoned.size() >= MAX_REMEMBERED_ABANDONS) {
      abandoned.clear();
    }
    abandoned.add(messageId);
  }

  // ---------------------------------------------------------------- bind

  @Override
  public LDAPMessage processBindRequest(int messageId, BindRequestProtocolOp request, List<Control> controls) {
    // RFC 5805 §3.5: a bind aborts the open transaction; unlike the RFC's "without notice", the
    // bind's response says so, because a client that did not expect it would otherwise find out
    // only from its End Transaction.
    LdapTransaction aborted = transaction;
    transaction = null;
    requester = Requester.ANONYMOUS;
    mustChange = false;
    LDAPResult result = guarded(messageId, () -> bind(request, controls));
    if (aborted != null) {
      String note = "transaction " + aborted.name() + " was aborted by this bind and its " + aborted.queued().size()
          + " queued updates discarded (RFC 5805 §3.5)";
      String message = result.getDiagnosticMessage();
      result =
          new LDAPResult(
              -1,
              result.getResultCode(),
              message == null || message.isEmpty() ? note : message + "; " + note,
              result.getMatchedDN(),
              result.getReferralURLs(),
              result.getResponseControls());
    }
    Control[] responseControls = result.getResponseControls();
    return new LDAPMessage(
        messageId,
        new BindResponseProtocolOp(result),
        responseControls == null ? List.of() : List.of(responseControls));
  }

  private LDAPResult bind(BindRequestProtocolOp request, List<Control> controls) throws LDAPException {
    checkControls(controls);
    if (request.getVersion() != 3) {
      throw new LDAPException(ResultCode.PROTOCOL_ERROR, "only LDAP version 3 is supported");
    }
    if (request.getCredentialsType() != BindRequestProtocolOp.CRED_TYPE_SIMPLE) {
      throw new LDAPException(
          ResultCode.AUTH_METHOD_NOT_SUPPORTED, "SASL mechanisms are not supported; use a simple bind");
    }
    String dn = request.getBindDN();
    byte[] password = request.getSimplePassword().getValue();
    if (dn.isEmpty() && password.length == 0) {
      return success();
    }
    checkConfidentiality();
    if (password.length == 0) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          "a bind with a DN but no password is an unauthenticated bind and is refused (RFC 4513 §5.1.2)");
    }
    context.limits().checkDn("the bind DN", dn);
    Entry entry = context.authenticator().authenticate(dn, password, wantsPolicy(controls));
    requester = requesterFor(entry);
    if (entry.hasAttributeValue(Attr.NHS_PASSWORD_MUST_CHANGE, "TRUE")) {
      // R-ACTIVATE: the bind succeeds, but only a change of the password is allowed until then.
      mustChange = true;
      if (wantsPolicy(controls)) {
        return new LDAPResult(
            -1,
            ResultCode.SUCCESS,
            null,
            null,
            (String[]) null,
            new Control[] {
              new DraftBeheraLDAPPasswordPolicy10ResponseControl(
                  null, -1, DraftBeheraLDAPPasswordPolicy10ErrorType.CHANGE_AFTER_RESET)
            });
      }
    }
    return success();
  }

  /**
   * R-ACTIVATE: until a person whose password an administrator set has changed it, every
   * operation but changing it, who-am-I, abandon and unbind is refused.
   */
  private void requirePasswordChanged() throws LDAPException {
    if (mustChange) {
      throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, MUST_CHANGE);
    }
  }

  static final String MUST_CHANGE = "R-ACTIVATE: change your password first (it was set by an administrator)";

  /** True when the modify changes only the requester's own userPassword. */
  private boolean changesOwnPassword(ModifyRequestProtocolOp request) {
    try {
      if (!DirectoryStore.key(new DN(request.getDN(), context.schema())).equals(requester.key())) {
        return false;
      }
    } catch (LDAPException e) {
      return false;
    }
    return !request.getModifications().isEmpty()
        && request.getModifications().stream()
            .allMatch(m -> Attribute.getBaseName(m.getAttributeName()).equalsIgnoreCase(Attr.USER_PASSWORD));
  }

  private static boolean wantsPolicy(List<Control> controls) {
    return controls.stream().anyMatch(c -> c.getOID().equals(SupportedFeatures.PASSWORD_POLICY));
  }

  private Requester requesterFor(Entry entry) {
    String key = DirectoryStore.key(parsed(entry.getDN()));
    Requester.Role role = Requester.Role.USER;
    if (entry.hasObjectClass(Attr.NHS_ADMINISTRATOR)) {
      if (entry.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_NAS_ADMIN)) {
        role = Requester.Role.NAS_ADMIN;
      } else if (entry.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_HELPDESK)) {
        role = Requester.Role.HELPDESK;
      }
    } else if (entry.hasAttributeValue(Attr.NHS_ROLE, Attr.ROLE_LOCAL_ADMIN)) {
      role = Requester.Role.LOCAL_ADMIN;
    }
    return new Requester(entry.getDN(), key, role);
  }

  // ---------------------------------------------------------------- search and compare

  @Override
  public LDAPMessage processSearchRequest(int messageId, SearchRequestProtocolOp request, List<Control> controls) {
    try {
      LDAPResult result =
          guarded(
              messageId,
              () -> {
                checkControls(controls);
                requirePasswordChanged();
                return new SearchOperation(
                        context,
                        requester,
                        request,
                        BrowseControls.of(controls),
                        entry -> sendEntry(messageId, entry),
                        () -> isAbandoned(messageId))
                    .run();
              });
      if (result == null) {
        return null;
      }
      return new LDAPMessage(
          messageId, new SearchResultDoneProtocolOp(result), List.of(result.getResponseControls()));
    } finally {
      abandoned.remove(messageId);
    }
  }

  private boolean sendEntry(int messageId, Entry entry) {
    try {
      connection.sendSearchResultEntry(messageId, entry);
      return true;
    } catch (LDAPException e) {
      return false;
    }
  }

  private boolean isAbandoned(int messageId) {
    PduGuard guard = this.guard;
    if (guard != null) {
      try {
        guard.pollAvailable();
      } catch (IOException e) {
        return true; // the client is gone or sent garbage: nobody is waiting for the rest
      }
    }
    return abandoned.contains(messageId);
  }

  @Override
  public LDAPMessage processCompareRequest(int messageId, CompareRequestProtocolOp request, List<Control> controls) {
    LDAPResult result = guarded(messageId, () -> compare(request, controls));
    return new LDAPMessage(messageId, new CompareResponseProtocolOp(result));
  }

  private LDAPResult compare(CompareRequestProtocolOp request, List<Control> controls) throws LDAPException {
    checkControls(controls);
    requirePasswordChanged();
    context.limits().checkDn("the entry DN", request.getDN());
    if (!context.readAccess().mayReadDirectory(requester)) {
      throw new LDAPException(ResultCode.INSUFFICIENT_ACCESS_RIGHTS, context.readAccess().refusalForAnonymous());
    }
    DN dn = parseDn(request.getDN());
    String key = DirectoryStore.key(dn);
    Entry entry = context.store().get(key);
    if (entry == null) {
      throw new LDAPException(
          ResultCode.NO_SUCH_OBJECT, "entry " + request.getDN() + " does not exist", context.store().matchedDn(dn), null);
    }
    String name = request.getAttributeName();
    AttributeTypeDefinition type = context.schema().getAttributeType(Attribute.getBaseName(name));
    if (type == null) {
      throw new LDAPException(
          ResultCode.UNDEFINED_ATTRIBUTE_TYPE, "attribute type '" + name + "' is not defined in the schema");
    }
    context.readAccess().visibleView(requester, key, entry);
    Attribute attribute = entry.getAttribute(type.getNameOrOID(), context.schema());
    if (attribute == null) {
      throw new LDAPException(ResultCode.NO_SUCH_ATTRIBUTE, entry.getDN() + " has no " + type.getNameOrOID());
    }
    MatchingRule rule = MatchingRule.selectEqualityMatchingRule(type.getNameOrOID(), context.schema());
    ASN1OctetString assertion =
        new ASN1OctetString(
            SearchOperation.canonicalDnValue(
                context.schema(), type.getNameOrOID(), request.getAssertionValue().getValue()));
    boolean matched;
    try {
      matched = rule.matchesAnyValue(assertion, attribute.getRawValues());
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.INVALID_ATTRIBUTE_SYNTAX, "the assertion value is not a valid " + type.getNameOrOID());
    }
    return new LDAPResult(-1, matched ? ResultCode.COMPARE_TRUE : ResultCode.COMPARE_FALSE);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public LDAPMessage processAddRequest(int messageId, AddRequestProtocolOp request, List<Control> controls) {
    List<Control> responseControls = new ArrayList<>();
    LDAPResult result =
        guarded(
            messageId,
            () -> {
              checkUpdateControls(controls);
              requirePasswordChanged();
              checkWritable("the entry DN", request.getDN());
              Entry entry = new Entry(request.getDN(), context.schema(), request.getAttributes());
              boolean serverChooses = controls.stream().anyMatch(c -> c.getOID().equals(SupportedFeatures.SERVER_CHOOSES_NAME));
              boolean relax = controls.stream().anyMatch(c -> c.getOID().equals(SupportedFeatures.RELAX));
              return write(
                  messageId, "add " + request.getDN(), new Change.Add(entry, serverChooses, relax), controls, responseControls);
            });
    return new LDAPMessage(messageId, new AddResponseProtocolOp(result), responseControls);
  }

  @Override
  public LDAPMessage processModifyRequest(int messageId, ModifyRequestProtocolOp request, List<Control> controls) {
    List<Control> responseControls = new ArrayList<>();
    LDAPResult result =
        guarded(
            messageId,
            () -> {
              checkUpdateControls(controls);
              boolean ownPassword = mustChange && changesOwnPassword(request);
              if (!ownPassword) {
                requirePasswordChanged();
              }
              checkWritable("the entry DN", request.getDN());
              LDAPResult written =
                  write(
                      messageId,
                      "modify " + request.getDN(),
                      new Change.Modify(request.getDN(), request.getModifications()),
                      controls,
                      responseControls);
              if (ownPassword && written.getResultCode() == ResultCode.SUCCESS) {
                mustChange = false;
              }
              return written;
            });
    return new LDAPMessage(messageId, new ModifyResponseProtocolOp(result), responseControls);
  }

  @Override
  public LDAPMessage processDeleteRequest(int messageId, DeleteRequestProtocolOp request, List<Control> controls) {
    List<Control> responseControls = new ArrayList<>();
    LDAPResult result =
        guarded(
            messageId,
            () -> {
              checkUpdateControls(controls);
              requirePasswordChanged();
              checkWritable("the entry DN", request.getDN());
              return write(
                  messageId, "delete " + request.getDN(), new Change.Delete(request.getDN()), controls, responseControls);
            });
    return new LDAPMessage(messageId, new DeleteResponseProtocolOp(result), responseControls);
  }

  @Override
  public LDAPMessage processModifyDNRequest(int messageId, ModifyDNRequestProtocolOp request, List<Control> controls) {
    List<Control> responseControls = new ArrayList<>();
    LDAPResult result =
        guarded(
            messageId,
            () -> {
              checkUpdateControls(controls);
              requirePasswordChanged();
              checkWritable("the entry DN", request.getDN());
              context.limits().checkDn("the new RDN", request.getNewRDN());
              if (request.getNewSuperiorDN() != null) {
                checkWritable("the new superior DN", request.getNewSuperiorDN());
              }
              return write(
                  messageId,
                  "modify DN " + request.getDN(),
                  new Change.Rename(
                      request.getDN(), request.getNewRDN(), request.deleteOldRDN(), request.getNewSuperiorDN()),
                  controls,
                  responseControls);
            });
    return new LDAPMessage(messageId, new ModifyDNResponseProtocolOp(result), responseControls);
  }

  /**
   * Submits a change to the write pipeline, or queues it in the open transaction when the request
   * carries the transaction specification control; answers pre-read and post-read controls (RFC
   * 4527) in {@code responseControls} with the entry as the requester may see it.
   *
   * @param description what the request asks, for a transaction's messages
   */
  private LDAPResult write(
      int messageId, String description, Change change, List<Control> controls, List<Control> responseControls)
      throws LDAPException {
    ReadEntryControls reads = ReadEntryControls.of(controls);
    for (Control control : controls) {
      if (control.getOID().equals(SupportedFeatures.TRANSACTION_SPECIFICATION)) {
        return queue(new LdapTransaction.Queued(messageId, description, change, reads), control);
      }
    }
    WriteResult result;
    try {
      result = context.pipeline().submit(requester, change);
    } catch (RuleViolation violation) {
      throw ResultCodes.toException(violation);
    }
    answerReads(reads, result, responseControls);
    return success();
  }

  private void answerReads(ReadEntryControls reads, WriteResult result, List<Control> responseControls) {
    if (reads.preRead() != null && result.before() != null) {
      responseControls.add(new PreReadResponseControl(readable(result.before(), reads.preRead().getAttributes())));
    }
    if (reads.postRead() != null && result.after() != null) {
      responseControls.add(new PostReadResponseControl(readable(result.after(), reads.postRead().getAttributes())));
    }
  }

  private ReadOnlyEntry readable(Entry entry, String[] attributes) {
    Entry visible = context.readAccess().visibleView(requester, DirectoryStore.key(parsed(entry.getDN())), entry.duplicate());
    Projection projection = new Projection(context.schema(), List.of(attributes), false);
    return new ReadOnlyEntry(projection.apply(visible));
  }

  /** The root DSE and the schema are served, not stored, and cannot be written. */
  private void checkWritable(String what, String dn) throws LDAPException {
    context.limits().checkDn(what, dn);
    DN parsed = parseDn(dn);
    if (parsed.isNullDN() || parsed.equals(parseDn(Attr.SCHEMA_DN))) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          "the root DSE and cn=schema are read-only; the schema is changed in ldif/00-schema.ldif");
    }
  }

  // ---------------------------------------------------------------- extended operations

  @Override
  public LDAPMessage processExtendedRequest(int messageId, ExtendedRequestProtocolOp request, List<Control> controls) {
    try {
      checkControls(controls);
      if (SupportedFeatures.START_TLS.equals(request.getOID())) {
        return startTls(messageId, request);
      }
      if (SupportedFeatures.START_TRANSACTION.equals(request.getOID())) {
        requirePasswordChanged();
        return new LDAPMessage(messageId, new ExtendedResponseProtocolOp(startTransaction(messageId, request)));
      }
      if (SupportedFeatures.END_TRANSACTION.equals(request.getOID())) {
        requirePasswordChanged();
        return new LDAPMessage(messageId, new ExtendedResponseProtocolOp(endTransaction(messageId, request)));
      }
      if (SupportedFeatures.PASSWORD_MODIFY.equals(request.getOID())) {
        return new LDAPMessage(messageId, new ExtendedResponseProtocolOp(passwordModify(messageId, request)));
      }
      if (SupportedFeatures.WHO_AM_I.equals(request.getOID())) {
        String authzId = requester.isAnonymous() ? "" : "dn:" + requester.dn();
        return new LDAPMessage(
            messageId,
            new ExtendedResponseProtocolOp(
                ResultCode.SUCCESS_INT_VALUE, null, null, null, null, new ASN1OctetString(authzId)));
      }
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "extended operation " + request.getOID() + " is not supported; see supportedExtension in the root DSE");
    } catch (LDAPException e) {
      return new LDAPMessage(messageId, new ExtendedResponseProtocolOp(e.toLDAPResult()));
    } catch (RuntimeException e) {
      return new LDAPMessage(messageId, new ExtendedResponseProtocolOp(internalError(messageId, e)));
    }
  }

  // ---------------------------------------------------------------- StartTLS (RFC 4511 §4.14, RFC 4513 §3)

  /** Whether this connection is encrypted: LDAPS, or plain LDAP after StartTLS. */
  private boolean isTls() {
    return connection != null && connection.getSocket() instanceof SSLSocket;
  }

  /** With {@code requireTlsForBinds}, a bind that carries a password needs an encrypted connection. */
  private void checkConfidentiality() throws LDAPException {
    if (requireTlsForBinds && !isTls()) {
      throw new LDAPException(
          ResultCode.CONFIDENTIALITY_REQUIRED,
          "this server accepts passwords only over an encrypted connection: use StartTLS (ldapsearch -ZZ) or the"
              + " LDAPS port, then bind; anonymous binds need no TLS");
    }
  }

  /**
   * Answers success in clear text, then switches the connection to TLS (the client's handshake follows).
   * The SDK's {@code convertToTLS} layers TLS over the connection's current socket, which is the guarded
   * one; {@link StartTlsSocketFactory} instead layers TLS over the raw TCP socket beneath the guard and a
   * NEW guard over TLS, so the guard keeps reading the decrypted requests.
   */
  private LDAPMessage startTls(int messageId, ExtendedRequestProtocolOp request) throws LDAPException {
    if (tls == null) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR, "StartTLS (" + SupportedFeatures.START_TLS + ") is not offered by this server");
    }
    if (request.getValue() != null) {
      throw new LDAPException(ResultCode.PROTOCOL_ERROR, "a StartTLS request has no value (RFC 4511 §4.14.1)");
    }
    if (isTls()) {
      throw new LDAPException(
          ResultCode.OPERATIONS_ERROR, "this connection is already encrypted (LDAPS or an earlier StartTLS)");
    }
    Socket socket = connection.getSocket();
    if (!(socket instanceof GuardedSocket guarded)) {
      throw new LDAPException(ResultCode.UNAVAILABLE, "StartTLS is not available on this connection");
    }
    try {
      if (guarded.guard().hasPendingInput()) {
        throw new LDAPException(
            ResultCode.OPERATIONS_ERROR,
            "requests were sent after StartTLS before its response; StartTLS must be the only outstanding"
                + " operation (RFC 4511 §4.14.1)");
      }
    } catch (IOException e) {
      throw new LDAPException(ResultCode.OPERATIONS_ERROR, "StartTLS refused: " + e.getMessage());
    }
    ExtendedResponseProtocolOp success =
        new ExtendedResponseProtocolOp(
            ResultCode.SUCCESS_INT_VALUE, null, "start TLS now", null, SupportedFeatures.START_TLS, null);
    // Throws (and closes the connection) if the TLS socket cannot be made; the client then sees it closed.
    OutputStream clear = connection.convertToTLS(new StartTlsSocketFactory(tls, guarded.limits()));
    try {
      clear.write(new LDAPMessage(messageId, success).encode().encode());
      clear.flush();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not send the StartTLS response: " + e.getMessage());
    }
    if (connection.getSocket() instanceof GuardedConnection encrypted) {
      PduGuard replacement = encrypted.guard();
      replacement.setAbandonListener(this::rememberAbandon);
      guard = replacement;
    }
    // Already sent in clear text above; convertToTLS has the listener suppress this copy.
    return new LDAPMessage(messageId, success);
  }

  /**
   * The {@code SSLSocketFactory} handed to {@code convertToTLS}: given the connection's guarded plain
   * socket, returns a guarded server-mode TLS socket over the raw socket beneath it.
   */
  private static final class StartTlsSocketFactory extends javax.net.ssl.SSLSocketFactory {
    private final TlsContext tls;
    private final InputLimits limits;

    StartTlsSocketFactory(TlsContext tls, InputLimits limits) {
      this.tls = tls;
      this.limits = limits;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      GuardedConnection old = socket instanceof GuardedConnection guarded ? guarded : null;
      Socket raw = old != null ? old.delegate() : socket;
      GuardedSSLSocket secured = new GuardedSSLSocket(tls.serverSocketOver(raw), limits);
      if (old != null) {
        secured.guard().closeWhenIdle(old.guard().closesWhenIdle()); // the idle timeout survives StartTLS
      }
      return secured;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return tls.socketFactory().getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return tls.socketFactory().getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      throw new IOException("only layers TLS over an accepted connection");
    }

    @Override
    public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort)
        throws IOException {
      throw new IOException("only layers TLS over an accepted connection");
    }

    @Override
    public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      throw new IOException("only layers TLS over an accepted connection");
    }

    @Override
    public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress, int localPort)
        throws IOException {
      throw new IOException("only layers TLS over an accepted connection");
    }
  }

  // ---------------------------------------------------------------- password modify (RFC 3062)

  /**
   * Changes a password through the write pipeline, as a replace of userPassword by the bound
   * requester, so that R-PASSWORD and the access rules apply as to any modify. Changing one's own
   * password needs the old one; an administrator resetting someone else's does not. Without a new
   * password the server generates one that meets R-PASSWORD and returns it (RFC 3062 §3.2).
   */
  private ExtendedResult passwordModify(int messageId, ExtendedRequestProtocolOp request) throws LDAPException {
    PasswordModifyExtendedRequest modify;
    try {
      modify = new PasswordModifyExtendedRequest(new ExtendedRequest(request.getOID(), request.getValue()));
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "a Password Modify request's value is PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0],"
              + " oldPasswd [1], newPasswd [2] }, each optional (RFC 3062 §2)");
    }
    Requester who = requester;
    if (who.isAnonymous()) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM, "bind first: Password Modify changes the password of a bound user (RFC 3062)");
    }
    String identity = modify.getUserIdentity();
    if (identity != null && identity.regionMatches(true, 0, "dn:", 0, 3)) {
      identity = identity.substring(3);
    } else if (identity != null && identity.regionMatches(true, 0, "u:", 0, 2)) {
      identity = identity.substring(2);
    }
    String targetDn = who.dn();
    if (identity != null && !identity.isEmpty()) {
      Entry target = context.authenticator().find(identity);
      if (target == null) {
        throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no account is named " + modify.getUserIdentity());
      }
      targetDn = target.getDN();
    }
    boolean self = DirectoryStore.key(parseDn(targetDn)).equals(who.key());
    if (!self) {
      requirePasswordChanged();
    }
    if (self) {
      byte[] old = modify.getOldPasswordBytes();
      Entry own = context.store().get(who.key());
      String stored = own == null ? null : own.getAttributeValue(Attr.USER_PASSWORD);
      if (old == null) {
        throw new LDAPException(
            ResultCode.UNWILLING_TO_PERFORM,
            "R-PASSWORD: changing your own password needs your old password (ldappasswd -a or -A)");
      }
      if (!PasswordHash.verify(stored, old)) {
        throw new LDAPException(ResultCode.INVALID_CREDENTIALS, "R-PASSWORD: the old password is wrong");
      }
    }
    byte[] newPassword = modify.getNewPasswordBytes();
    String generated = null;
    if (newPassword == null) {
      generated = PeopleFinderServer.Builder.randomPassword();
      newPassword = generated.getBytes(StandardCharsets.UTF_8);
    }
    try {
      context.pipeline().submit(
          who,
          new Change.Modify(
              targetDn,
              List.of(new com.unboundid.ldap.sdk.Modification(
                  com.unboundid.ldap.sdk.ModificationType.REPLACE, Attr.USER_PASSWORD, newPassword))));
    } catch (RuleViolation violation) {
      throw ResultCodes.toException(violation);
    }
    if (self) {
      mustChange = false;
    }
    return new PasswordModifyExtendedResult(
        messageId,
        ResultCode.SUCCESS,
        generated == null ? "password of " + targetDn + " changed" : "password of " + targetDn + " generated",
        null,
        null,
        generated == null ? null : new ASN1OctetString(generated),
        null);
  }

  // ---------------------------------------------------------------- transactions (RFC 5805)

  private ExtendedResult startTransaction(int messageId, ExtendedRequestProtocolOp request) throws LDAPException {
    if (request.getValue() != null) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR, "a Start Transaction request (1.3.6.1.1.21.1) has no value (RFC 5805 §2.1)");
    }
    LdapTransaction open = transaction;
    if (open != null) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          "transaction " + open.name() + " is already open on this connection, and transactions do not nest"
              + " (RFC 5805 §3.5): end it with End Transaction (1.3.6.1.1.21.3), committing or aborting, first");
    }
    LdapTransaction started = LdapTransaction.start();
    transaction = started;
    return new StartTransactionExtendedResult(
        messageId,
        ResultCode.SUCCESS,
        "transaction " + started.name() + " started: send updates with the transaction specification control"
            + " (1.3.6.1.1.21.2) and this ID, then End Transaction (1.3.6.1.1.21.3) to commit or abort them",
        null,
        null,
        started.id(),
        null);
  }

  /**
   * Puts an update in the open transaction and answers success at once (RFC 5805 §3.3): it was
   * checked only as far as the request goes (DN syntax and limits); the rules run at commit.
   */
  private LDAPResult queue(LdapTransaction.Queued update, Control control) throws LDAPException {
    if (control.getValue() == null) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "the transaction specification control (1.3.6.1.1.21.2) carries the transaction ID as its value");
    }
    LdapTransaction open = transaction;
    if (open == null || !open.isIdentifiedBy(control.getValue())) {
      throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, unknownTransaction(control.getValue(), open));
    }
    String refusal = open.queue(update);
    if (refusal != null) {
      transaction = null;
      String message = "R-LIMIT: " + refusal + "; the transaction is aborted and nothing of it will be applied";
      notifyAborted(open, ResultCode.ADMIN_LIMIT_EXCEEDED, message);
      throw new LDAPException(ResultCode.ADMIN_LIMIT_EXCEEDED, message);
    }
    return new LDAPResult(
        -1,
        ResultCode.SUCCESS,
        "queued as update " + open.queued().size() + " of transaction " + open.name()
            + "; nothing changes until End Transaction commits it",
        null,
        (String[]) null,
        null);
  }

  /**
   * Commits (all of the queued updates as one batch of the write pipeline, as the connection's
   * identity now) or aborts the open transaction; either way it is over.
   */
  private ExtendedResult endTransaction(int messageId, ExtendedRequestProtocolOp request) throws LDAPException {
    EndTransactionExtendedRequest end;
    try {
      end = new EndTransactionExtendedRequest(new ExtendedRequest(request.getOID(), request.getValue()));
    } catch (LDAPException e) {
      throw new LDAPException(
          ResultCode.PROTOCOL_ERROR,
          "an End Transaction request's value is txnEndReq ::= SEQUENCE { commit BOOLEAN DEFAULT TRUE,"
              + " identifier OCTET STRING } (RFC 5805 §2.3)");
    }
    LdapTransaction open = transaction;
    if (open == null || !open.isIdentifiedBy(end.getTransactionID())) {
      throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM, unknownTransaction(end.getTransactionID(), open));
    }
    transaction = null;
    List<LdapTransaction.Queued> queued = open.queued();
    if (!end.commit()) {
      return new EndTransactionExtendedResult(
          messageId,
          ResultCode.SUCCESS,
          "transaction " + open.name() + " aborted: its " + queued.size() + " queued updates were discarded",
          null, null, null, null, null);
    }
    List<WriteResult> results;
    try {
      results = context.pipeline().submitAll(requester, open.changes());
    } catch (RuleViolation violation) {
      int index = violation.change();
      LdapTransaction.Queued failed = index >= 0 && index < queued.size() ? queued.get(index) : null;
      String which =
          failed == null
              ? ""
              : "update " + (index + 1) + " of " + queued.size() + " (message ID " + failed.messageId() + ": "
                  + failed.description() + ") was refused: ";
      return new EndTransactionExtendedResult(
          messageId,
          ResultCodes.of(violation.reason()),
          "transaction " + open.name() + " was not committed and nothing was changed: " + which + violation.getMessage(),
          violation.matchedDn(),
          null,
          failed == null ? null : failed.messageId(),
          null,
          null);
    }
    Map<Integer, Control[]> updatesControls = new LinkedHashMap<>();
    for (int i = 0; i < queued.size(); i++) {
      List<Control> controls = new ArrayList<>();
      answerReads(queued.get(i).reads(), results.get(i), controls);
      if (!controls.isEmpty()) {
        updatesControls.put(queued.get(i).messageId(), controls.toArray(new Control[0]));
      }
    }
    return new EndTransactionExtendedResult(
        messageId,
        ResultCode.SUCCESS,
        "transaction " + open.name() + " committed: " + queued.size() + " updates applied",
        null,
        null,
        null,
        updatesControls.isEmpty() ? null : updatesControls,
        null);
  }

  private static String unknownTransaction(ASN1OctetString id, LdapTransaction open) {
    return "no transaction '" + id.stringValue() + "' is open on this connection"
        + (open == null ? "" : " (transaction " + open.name() + " is)")
        + "; a transaction is started with Start Transaction (1.3.6.1.1.21.1) and ends with its End Transaction,"
        + " a bind, an unbind or the connection's end";
  }

  /** The Aborted Transaction Notice (RFC 5805 §2.4), an unsolicited notification. */
  private void notifyAborted(LdapTransaction aborted, ResultCode code, String message) {
    try {
      connection.sendUnsolicitedNotification(
          new AbortedTransactionExtendedResult(aborted.id(), code, message, null, null, null));
    } catch (LDAPException e) {
      LOG.log(Level.DEBUG, "could not send the aborted transaction notice: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- helpers

  /** An operation body that answers with a result or fails with an LDAP error. */
  private interface Operation {
    LDAPResult run() throws LDAPException;
  }

  /**
   * Runs an operation and turns every failure into a result: LDAP errors as they are, anything
   * unexpected as OTHER (80) with a short message, logged here with its stack trace.
   */
  private LDAPResult guarded(int messageId, Operation operation) {
    try {
      return operation.run();
    } catch (LDAPException e) {
      return e.toLDAPResult();
    } catch (RuntimeException e) {
      return internalError(messageId, e);
    }
  }

  private LDAPResult internalError(int messageId, RuntimeException e) {
    LOG.log(Level.ERROR, "unexpected failure processing message " + messageId, e);
    return new LDAPResult(-1, ResultCode.OTHER, "internal server error; the server log has the details", null, (String[]) null, null);
  }

  /** Checks the controls of a request other than an update: the transaction control is not for it. */
  private static void checkControls(List<Control> controls) throws LDAPException {
    for (Control control : controls) {
      if (control.getOID().equals(SupportedFeatures.TRANSACTION_SPECIFICATION)) {
        throw new LDAPException(
            ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
            "the transaction specification control (1.3.6.1.1.21.2) applies only to add, modify, delete and"
                + " modify DN requests (RFC 5805 §2.2)");
      }
    }
    checkSupported(controls);
  }

  private static void checkUpdateControls(List<Control> controls) throws LDAPException {
    for (Control control : controls) {
      if (control.isCritical() && SupportedFeatures.SEARCH_CONTROLS.contains(control.getOID())) {
        throw new LDAPException(
            ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
            "critical control " + control.getOID() + " applies only to searches");
      }
    }
    checkSupported(controls);
  }

  private static void checkSupported(List<Control> controls) throws LDAPException {
    for (Control control : controls) {
      if (control.isCritical() && !SupportedFeatures.CONTROLS.contains(control.getOID())) {
        throw new LDAPException(
            ResultCode.UNAVAILABLE_CRITICAL_EXTENSION,
            "critical control " + control.getOID() + " is not supported; see supportedControl in the root DSE");
      }
    }
  }

  private DN parseDn(String dn) throws LDAPException {
    try {
      return new DN(dn, context.schema());
    } catch (LDAPException e) {
      throw new LDAPException(ResultCode.INVALID_DN_SYNTAX, "'" + dn + "' is not a valid DN");
    }
  }

  private DN parsed(String dn) {
    try {
      return new DN(dn, context.schema());
    } catch (LDAPException e) {
      throw new IllegalStateException("stored entry has an invalid DN: " + dn, e);
    }
  }

  private static LDAPResult success() {
    return new LDAPResult(-1, ResultCode.SUCCESS);
  }
}
