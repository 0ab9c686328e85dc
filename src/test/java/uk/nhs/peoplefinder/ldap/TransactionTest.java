package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertFails;
import static uk.nhs.peoplefinder.ldap.LdapAssertions.assertRefused;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.ExtendedRequest;
import com.unboundid.ldap.sdk.ExtendedResult;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.UpdatableLDAPRequest;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PostReadResponseControl;
import com.unboundid.ldap.sdk.controls.TransactionSpecificationRequestControl;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.EndTransactionExtendedResult;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedRequest;
import com.unboundid.ldap.sdk.extensions.StartTransactionExtendedResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * LDAP transactions (RFC 5805) end to end with the UnboundID client as the NAS administrator:
 * start, updates queued with the transaction specification control and answered at once, commit
 * all or nothing, abort, and the ways a transaction ends early. The entries are plain
 * organizational units in a sandbox, so that only the protocol is under test; the registration
 * rules a transaction carries are in {@link RegistrationTest}. The class shares one server, so
 * every test uses names of its own.
 */
class TransactionTest {
  @RegisterExtension static final ServerExtension SERVER = ServerExtension.withSample();

  private static final String SANDBOX = "ou=Transactions," + Attr.BASE_DN;

  @BeforeAll
  static void addSandbox() throws LDAPException {
    try (LDAPConnection admin = SampleDirectory.openAdmin(SERVER)) {
      admin.add(SampleDirectory.organizationalUnit("Transactions", Attr.BASE_DN));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static String dn(String ou) {
    return "ou=" + ou + "," + SANDBOX;
  }

  private static ASN1OctetString start(LDAPConnection connection) throws LDAPException {
    StartTransactionExtendedResult result =
        (StartTransactionExtendedResult) connection.processExtendedOperation(new StartTransactionExtendedRequest());
    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result::toString);
    assertNotNull(result.getTransactionID(), "transaction ID");
    return result.getTransactionID();
  }

  private static EndTransactionExtendedResult end(LDAPConnection connection, ASN1OctetString id, boolean commit)
      throws LDAPException {
    return (EndTransactionExtendedResult)
        connection.processExtendedOperation(new EndTransactionExtendedRequest(id, commit));
  }

  private static <R extends UpdatableLDAPRequest> R in(ASN1OctetString id, R request) {
    request.addControl(new TransactionSpecificationRequestControl(id));
    return request;
  }

  /** Queues an add of an organizational unit in the sandbox; returns its message ID. */
  private static int queueAdd(LDAPConnection connection, ASN1OctetString id, String ou) throws LDAPException {
    LDAPResult result = connection.add(in(id, new AddRequest(SampleDirectory.organizationalUnit(ou, SANDBOX))));
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    return result.getMessageID();
  }

  private static boolean exists(LDAPConnection connection, String dn) throws LDAPException {
    return connection.getEntry(dn) != null;
  }

  private static ModifyRequest describe(String dn, String description) {
    return new ModifyRequest(dn, new Modification(ModificationType.REPLACE, "description", description));
  }

  // ---------------------------------------------------------------- discovery

  @Test
  void rootDse_advertisesStartAndEndTransactionAndTheSpecificationControl() throws LDAPException {
    RootDSE dse = SERVER.anonymous().getRootDSE();

    assertTrue(dse.supportsExtendedOperation("1.3.6.1.1.21.1"), "Start Transaction");
    assertTrue(dse.supportsExtendedOperation("1.3.6.1.1.21.3"), "End Transaction");
    assertTrue(dse.supportsControl("1.3.6.1.1.21.2"), "Transaction Specification");
  }

  // ---------------------------------------------------------------- commit and abort

  @Test
  void commit_appliesEveryQueuedUpdate_noneOfWhichAnotherConnectionSawBefore() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    LDAPConnection reader = SERVER.admin();
    ASN1OctetString id = start(admin);

    queueAdd(admin, id, "Commit");
    LDAPResult child = admin.add(in(id, new AddRequest(SampleDirectory.organizationalUnit("Child", dn("Commit")))));
    LDAPResult modify = admin.modify(in(id, describe(dn("Commit"), "described in the same transaction")));
    queueAdd(admin, id, "CommitDoomed");
    admin.delete(in(id, new DeleteRequest(dn("CommitDoomed"))));
    admin.modifyDN(in(id, new ModifyDNRequest(dn("Commit"), "ou=Committed", true)));

    assertEquals(ResultCode.SUCCESS, child.getResultCode());
    assertTrue(modify.getDiagnosticMessage().contains("queued as update 3 of transaction"), modify::toString);
    assertFalse(exists(reader, dn("Commit")), "nothing is visible before the commit");
    assertEquals(0, reader.search(SANDBOX, SearchScope.SUB, "(ou=Commit*)").getEntryCount());

    EndTransactionExtendedResult result = end(admin, id, true);

    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result::toString);
    assertEquals(-1, result.getFailedOpMessageID());
    assertFalse(exists(reader, dn("Commit")), "renamed in the transaction");
    assertEquals(
        "described in the same transaction",
        reader.getEntry(dn("Committed"), "description").getAttributeValue("description"));
    assertTrue(exists(reader, "ou=Child," + dn("Committed")), "the child moved with its parent");
    assertFalse(exists(reader, dn("CommitDoomed")), "added and deleted in the transaction");
  }

  @Test
  void abort_discardsEveryQueuedUpdate() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "Aborted");

    EndTransactionExtendedResult result = end(admin, id, false);

    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    assertTrue(result.getDiagnosticMessage().contains("aborted"), result::toString);
    assertFalse(exists(admin, dn("Aborted")));
    assertRefused(admin, in(id, new AddRequest(SampleDirectory.organizationalUnit("Late", SANDBOX))),
        ResultCode.UNWILLING_TO_PERFORM, "no transaction '" + id.stringValue() + "' is open");
  }

  @Test
  void refusedUpdate_atCommit_appliesNothing_andNamesItsMessageIdAndTheReason() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "Partial");
    int second = queueAdd(admin, id, "Partial"); // the same DN twice
    queueAdd(admin, id, "PartialLater");

    EndTransactionExtendedResult result = end(admin, id, true);

    assertEquals(ResultCode.ENTRY_ALREADY_EXISTS, result.getResultCode(), result::toString);
    assertEquals(second, result.getFailedOpMessageID(), "txnEndRes.messageID names the refused update");
    assertTrue(
        result.getDiagnosticMessage().contains("update 2 of 3 (message ID " + second + ": add " + dn("Partial") + ")"),
        result::getDiagnosticMessage);
    assertTrue(result.getDiagnosticMessage().contains("already exists"), result::getDiagnosticMessage);
    assertTrue(result.getDiagnosticMessage().contains("nothing was changed"), result::getDiagnosticMessage);
    assertFalse(exists(admin, dn("Partial")));
    assertFalse(exists(admin, dn("PartialLater")));
  }

  @Test
  void postReadInATransaction_isAnsweredInTheEndResponse() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    AddRequest add = in(id, new AddRequest(SampleDirectory.organizationalUnit("PostRead", SANDBOX)));
    add.addControl(new PostReadRequestControl("ou", "entryUUID"));
    int messageId = admin.add(add).getMessageID();

    EndTransactionExtendedResult result = end(admin, id, true);

    assertEquals(ResultCode.SUCCESS, result.getResultCode(), result::toString);
    Control[] controls = result.getOperationResponseControls(messageId);
    assertNotNull(controls, "updatesControls for message " + messageId);
    PostReadResponseControl postRead =
        new PostReadResponseControl(controls[0].getOID(), controls[0].isCritical(), controls[0].getValue());
    assertEquals("PostRead", postRead.getEntry().getAttributeValue("ou"));
    assertNotNull(postRead.getEntry().getAttributeValue("entryUUID"));
  }

  @Test
  void updatesWithoutTheControl_areAppliedAtOnce_whileATransactionIsOpen() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "Queued");

    admin.add(SampleDirectory.organizationalUnit("Immediate", SANDBOX));
    assertTrue(exists(SERVER.admin(), dn("Immediate")));
    assertFalse(exists(admin, dn("Queued")));

    assertEquals(ResultCode.SUCCESS, end(admin, id, true).getResultCode());
    assertTrue(exists(admin, dn("Queued")));
  }

  // ---------------------------------------------------------------- identifiers and nesting

  @Test
  void updateWithAnUnknownTransactionId_isUnwillingToPerform() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    ASN1OctetString other = new ASN1OctetString("no-such-transaction");

    assertRefused(
        admin, in(other, describe(SANDBOX, "x")), ResultCode.UNWILLING_TO_PERFORM,
        "no transaction 'no-such-transaction' is open on this connection (transaction " + id.stringValue() + " is)");
    assertEquals(ResultCode.SUCCESS, end(admin, id, true).getResultCode(), "the open one is untouched");
  }

  @Test
  void endWithAnUnknownTransactionId_isUnwillingToPerform_andLeavesTheOpenOneOpen() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "StillOpen");

    EndTransactionExtendedResult wrong = end(admin, new ASN1OctetString("42424242"), true);

    assertEquals(ResultCode.UNWILLING_TO_PERFORM, wrong.getResultCode());
    assertEquals(ResultCode.SUCCESS, end(admin, id, true).getResultCode());
    assertTrue(exists(admin, dn("StillOpen")));
  }

  @Test
  void secondStart_onOneConnection_isRefused_transactionsDoNotNest() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);

    ExtendedResult second = admin.processExtendedOperation(new StartTransactionExtendedRequest());

    assertEquals(ResultCode.UNWILLING_TO_PERFORM, second.getResultCode());
    assertTrue(second.getDiagnosticMessage().contains("transaction " + id.stringValue() + " is already open"));
    assertEquals(ResultCode.SUCCESS, end(admin, id, false).getResultCode());
  }

  @Test
  void transactionOfAnotherConnection_cannotBeUsedOrEnded() throws LDAPException {
    LDAPConnection owner = SERVER.admin();
    LDAPConnection other = SERVER.admin();
    ASN1OctetString id = start(owner);
    queueAdd(owner, id, "NotYours");

    assertRefused(other, in(id, describe(SANDBOX, "x")), ResultCode.UNWILLING_TO_PERFORM, "no transaction");
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, end(other, id, true).getResultCode());
    assertEquals(ResultCode.SUCCESS, end(owner, id, true).getResultCode());
  }

  @Test
  void malformedRequests_areProtocolErrors() throws LDAPException {
    LDAPConnection admin = SERVER.admin();

    ModifyRequest withoutId = describe(SANDBOX, "x");
    withoutId.addControl(new Control("1.3.6.1.1.21.2", true));

    assertFails(ResultCode.PROTOCOL_ERROR, "has no value",
        () -> admin.processExtendedOperation(new ExtendedRequest("1.3.6.1.1.21.1", new ASN1OctetString("x"))));
    assertFails(ResultCode.PROTOCOL_ERROR, "txnEndReq",
        () -> admin.processExtendedOperation(new ExtendedRequest("1.3.6.1.1.21.3")));
    assertRefused(admin, withoutId, ResultCode.PROTOCOL_ERROR, "carries the transaction ID");
  }

  @Test
  void specificationControlOnASearch_isUnavailableCriticalExtension() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    SearchRequest search = new SearchRequest(SANDBOX, SearchScope.BASE, "(objectClass=*)");
    search.addControl(new TransactionSpecificationRequestControl(id));

    assertFails(ResultCode.UNAVAILABLE_CRITICAL_EXTENSION, "applies only to add, modify, delete and modify DN",
        () -> admin.search(search));
    assertEquals(ResultCode.SUCCESS, end(admin, id, false).getResultCode());
  }

  // ---------------------------------------------------------------- how a transaction ends early

  @Test
  void bind_abortsTheOpenTransaction_andSaysSo() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "AbortedByBind");

    BindResult bind = admin.bind(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD);

    assertEquals(ResultCode.SUCCESS, bind.getResultCode());
    assertTrue(
        bind.getDiagnosticMessage().contains("transaction " + id.stringValue() + " was aborted by this bind"),
        bind::toString);
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, end(admin, id, true).getResultCode());
    assertFalse(exists(admin, dn("AbortedByBind")));
  }

  @Test
  void closedConnection_discardsItsTransaction() throws LDAPException {
    LDAPConnection admin = SampleDirectory.openAdmin(SERVER);
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "AbandonedWithTheConnection");

    admin.close(); // an unbind, then the socket closes

    assertFalse(exists(SERVER.admin(), dn("AbandonedWithTheConnection")));
  }

  @Test
  void queue_isBounded_theUpdateOverTheLimitAbortsTheTransaction() throws LDAPException {
    LDAPConnection admin = SERVER.admin();
    ASN1OctetString id = start(admin);
    queueAdd(admin, id, "NeverApplied");
    for (int i = 1; i < LdapTransaction.MAX_OPERATIONS; i++) {
      assertEquals(ResultCode.SUCCESS, admin.modify(in(id, describe(SANDBOX, "update " + i))).getResultCode());
    }

    assertRefused(
        admin, in(id, describe(SANDBOX, "one too many")), ResultCode.ADMIN_LIMIT_EXCEEDED,
        "already holds " + LdapTransaction.MAX_OPERATIONS + " updates");
    assertEquals(ResultCode.UNWILLING_TO_PERFORM, end(admin, id, true).getResultCode(), "aborted");
    assertFalse(exists(admin, dn("NeverApplied")));
    assertNull(admin.getEntry(SANDBOX, "description").getAttributeValue("description"));
  }
}
