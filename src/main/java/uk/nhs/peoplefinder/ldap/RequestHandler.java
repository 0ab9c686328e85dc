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
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import com.unboundid.ldap.sdk.controls.PreReadRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadResponseControl;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
  // A hash of a random password, verified when a bind names no account, so that a missing
  // account costs as much time as a wrong password.
  private static final String DUMMY_HASH = PasswordHash.hash("no such account".getBytes(StandardCharsets.UTF_8));

  private final DirectoryContext context;
  private final LDAPListenerClientConnection connection;
  private final PduGuard guard;
  private final Set<Integer> abandoned;
  private volatile Requester requester = Requester.ANONYMOUS;

  RequestHandler(DirectoryContext context) {
    this(context, null);
  }

  private RequestHandler(DirectoryContext context, LDAPListenerClientConnection connection) {
    this.context = context;
    this.connection = connection;
    this.abandoned = ConcurrentHashMap.newKeySet();
    Socket socket = connection == null ? null : connection.getSocket();
    this.guard = socket instanceof GuardedSocket guarded ? guarded.guard() : null;
    if (guard != null) {
      guard.setAbandonListener(this::rememberAbandon);
    }
  }

  @Override
  public LDAPListenerRequestHandler newInstance(LDAPListenerClientConnection connection) {
    return new RequestHandler(context, connection);
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
    requester = Requester.ANONYMOUS;
    LDAPResult result = guarded(messageId, () -> bind(request, controls));
    return new LDAPMessage(messageId, new BindResponseProtocolOp(result));
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
    if (password.length == 0) {
      throw new LDAPException(
          ResultCode.UNWILLING_TO_PERFORM,
          "a bind with a DN but no password is an unauthenticated bind and is refused (RFC 4513 §5.1.2)");
    }
    context.limits().checkDn("the bind DN", dn);
    Entry entry = null;
    try {
      entry = context.store().get(DirectoryStore.key(new DN(dn, context.schema())));
    } catch (LDAPException e) {
      // An unparsable DN names no account: answered like a wrong password, below.
    }
    String stored = entry == null ? null : entry.getAttributeValue(Attr.USER_PASSWORD);
    boolean valid = PasswordHash.verify(stored == null ? DUMMY_HASH : stored, password) && stored != null;
    if (!valid) {
      throw new LDAPException(ResultCode.INVALID_CREDENTIALS, "invalid credentials");
    }
    requester = requesterFor(entry);
    return success();
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
                return new SearchOperation(
                        context, requester, request, entry -> sendEntry(messageId, entry), () -> isAbandoned(messageId))
                    .run();
              });
      return result == null ? null : new LDAPMessage(messageId, new SearchResultDoneProtocolOp(result));
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
              checkControls(controls);
              checkWritable("the entry DN", request.getDN());
              Entry entry = new Entry(request.getDN(), context.schema(), request.getAttributes());
              boolean serverChooses = controls.stream().anyMatch(c -> c.getOID().equals(SupportedFeatures.SERVER_CHOOSES_NAME));
              return write(new Change.Add(entry, serverChooses), controls, responseControls);
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
              checkControls(controls);
              checkWritable("the entry DN", request.getDN());
              return write(new Change.Modify(request.getDN(), request.getModifications()), controls, responseControls);
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
              checkControls(controls);
              checkWritable("the entry DN", request.getDN());
              return write(new Change.Delete(request.getDN()), controls, responseControls);
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
              checkControls(controls);
              checkWritable("the entry DN", request.getDN());
              context.limits().checkDn("the new RDN", request.getNewRDN());
              if (request.getNewSuperiorDN() != null) {
                checkWritable("the new superior DN", request.getNewSuperiorDN());
              }
              return write(
                  new Change.Rename(
                      request.getDN(), request.getNewRDN(), request.deleteOldRDN(), request.getNewSuperiorDN()),
                  controls,
                  responseControls);
            });
    return new LDAPMessage(messageId, new ModifyDNResponseProtocolOp(result), responseControls);
  }

  /**
   * Submits a change to the write pipeline; answers pre-read and post-read controls (RFC 4527) in
   * {@code responseControls} with the entry as the requester may see it.
   */
  private LDAPResult write(Change change, List<Control> controls, List<Control> responseControls)
      throws LDAPException {
    PreReadRequestControl preRead = null;
    PostReadRequestControl postRead = null;
    for (Control control : controls) {
      if (control.getOID().equals(SupportedFeatures.PRE_READ)) {
        preRead = new PreReadRequestControl(control);
      } else if (control.getOID().equals(SupportedFeatures.POST_READ)) {
        postRead = new PostReadRequestControl(control);
      }
    }
    WriteResult result;
    try {
      result = context.pipeline().submit(requester, change);
    } catch (RuleViolation violation) {
      throw ResultCodes.toException(violation);
    }
    if (preRead != null && result.before() != null) {
      responseControls.add(new PreReadResponseControl(readable(result.before(), preRead.getAttributes())));
    }
    if (postRead != null && result.after() != null) {
      responseControls.add(new PostReadResponseControl(readable(result.after(), postRead.getAttributes())));
    }
    return success();
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

  private static void checkControls(List<Control> controls) throws LDAPException {
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
