package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.protocol.BindRequestProtocolOp;
import com.unboundid.ldap.protocol.ExtendedResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Connection limits: per client address (notice of disconnection, busy 51, for the one over the
 * limit; the others keep working), overall per listener (the SDK's busy notice), and the idle
 * timeout (notice of disconnection, unavailable 52, for a silent or half-sent connection; an
 * active client is not affected).
 */
class LimitsTest {

  private static PeopleFinderServer start(Consumer<PeopleFinderServer.Builder> settings) {
    PeopleFinderServer.Builder builder =
        PeopleFinderServer.builder()
            .port(0)
            .withoutSeedData()
            .adminPassword(ServerExtension.ADMIN_PASSWORD)
            .helpdeskPassword(ServerExtension.HELPDESK_PASSWORD);
    settings.accept(builder);
    return builder.start();
  }

  private static ExtendedResponseProtocolOp notice(RawLdapClient.Transcript transcript) {
    assertTrue(transcript.hasNoticeOfDisconnection(), "expected a notice of disconnection, got " + transcript);
    assertNotEquals(RawLdapClient.End.TIMEOUT, transcript.end(), "the server left the connection open");
    return transcript.messages().stream()
        .filter(RawLdapClient::isNoticeOfDisconnection)
        .findFirst()
        .orElseThrow()
        .getExtendedResponseProtocolOp();
  }

  @Test
  void perAddressLimit_refusesTheConnectionOverIt_andTheOthersKeepWorking() throws Exception {
    try (PeopleFinderServer server = start(b -> b.maxConnectionsPerAddress(3))) {
      List<RawLdapClient> open = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          RawLdapClient client = new RawLdapClient(server.port());
          open.add(client);
          client.bindAsAdmin(1);
        }
        try (RawLdapClient fourth = new RawLdapClient(server.port())) {
          ExtendedResponseProtocolOp notice = notice(fourth.readToEnd());
          assertEquals(51, notice.getResultCode(), "busy");
          assertTrue(
              notice.getDiagnosticMessage().contains("max connections per address 3"), notice.getDiagnosticMessage());
        }
        for (RawLdapClient client : open) {
          client.bindAsAdmin(2);
        }
        open.remove(0).close();
        // The server notices the close on the connection's own thread: allow it a moment.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
          try (RawLdapClient again = new RawLdapClient(server.port())) {
            again.send(
                RawLdapClient.encode(
                    1, new BindRequestProtocolOp(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD)));
            LDAPMessage reply = again.receive();
            assertNotNull(reply, "closed without a notice");
            if (!RawLdapClient.isNoticeOfDisconnection(reply)) {
              assertEquals(0, reply.getBindResponseProtocolOp().getResultCode());
              break;
            }
          }
          assertTrue(System.nanoTime() < deadline, "a connection closed is never counted out");
          Thread.sleep(100);
        }
      } finally {
        for (RawLdapClient client : open) {
          client.close();
        }
      }
    }
  }

  @Test
  void maxConnections_refusesTheConnectionOverIt() throws Exception {
    try (PeopleFinderServer server = start(b -> b.maxConnections(2).maxConnectionsPerAddress(0));
        RawLdapClient first = new RawLdapClient(server.port());
        RawLdapClient second = new RawLdapClient(server.port())) {
      first.bindAsAdmin(1);
      second.bindAsAdmin(1);
      try (RawLdapClient third = new RawLdapClient(server.port())) {
        assertEquals(51, notice(third.readToEnd()).getResultCode(), "busy");
      }
      first.bindAsAdmin(2);
    }
  }

  @Test
  void idleTimeout_closesASilentConnectionWithANotice_butNotAnActiveOne() throws Exception {
    try (PeopleFinderServer server = start(b -> b.idleTimeoutSeconds(1));
        RawLdapClient silent = new RawLdapClient(server.port());
        RawLdapClient halfSent = new RawLdapClient(server.port());
        RawLdapClient active = new RawLdapClient(server.port())) {
      silent.bindAsAdmin(1);
      byte[] bind =
          RawLdapClient.encode(1, new BindRequestProtocolOp(Attr.NAS_ADMIN_DN, ServerExtension.ADMIN_PASSWORD));
      halfSent.send(Arrays.copyOf(bind, bind.length / 2));
      long until = System.nanoTime() + 2_500_000_000L;
      int messageId = 1;
      while (System.nanoTime() < until) {
        active.bindAsAdmin(messageId++);
        Thread.sleep(250);
      }
      for (RawLdapClient idle : List.of(silent, halfSent)) {
        ExtendedResponseProtocolOp notice = notice(idle.readToEnd());
        assertEquals(52, notice.getResultCode(), "unavailable");
        assertTrue(notice.getDiagnosticMessage().contains("idle timeout"), notice.getDiagnosticMessage());
      }
      active.bindAsAdmin(messageId);
    }
  }
}
