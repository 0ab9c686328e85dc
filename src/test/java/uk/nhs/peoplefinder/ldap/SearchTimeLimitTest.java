package uk.nhs.peoplefinder.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.nhs.peoplefinder.access.ReadAccess;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.search.CandidatePlanner;
import uk.nhs.peoplefinder.search.FilterEvaluator;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * The time limit (timeLimitExceeded, 3), made deterministic: the search runs against the real
 * directory, but its sink (which sends entries to the client) takes longer than the limit over the
 * first entry, as a slow client would make it; the search must stop at the next entry. The size
 * limit (4) is covered by {@link SearchConformanceTest}.
 */
class SearchTimeLimitTest {
  private static PeopleFinderServer server;

  @BeforeAll
  static void start() {
    server =
        PeopleFinderServer.builder()
            .port(0)
            .seedData(Path.of("src/test/resources/small-seed"))
            .adminPassword(ServerExtension.ADMIN_PASSWORD)
            .helpdeskPassword(ServerExtension.HELPDESK_PASSWORD)
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static DirectoryContext context(int serverTimeLimitSeconds) {
    DirectoryStore store = server.store();
    return new DirectoryContext(
        store.schema(),
        store,
        server.pipeline(),
        new CandidatePlanner(store),
        server.index(),
        new FilterEvaluator(store.schema()),
        new ReadAccess(false, store.schema()),
        RequestLimits.defaults(),
        new Authenticator(store, server.pipeline(), Clock.systemUTC(), Duration.ofDays(90), 5),
        0,
        serverTimeLimitSeconds,
        DirectoryContext.newRootDse(),
        new Entry(Attr.SCHEMA_DN));
  }

  private static LDAPResult slowSearch(DirectoryContext context, int requestedSeconds, List<Entry> sent)
      throws Exception {
    Requester admin =
        new Requester(
            Attr.NAS_ADMIN_DN,
            DirectoryStore.key(new DN(Attr.NAS_ADMIN_DN, context.schema())),
            Requester.Role.NAS_ADMIN);
    SearchRequestProtocolOp request =
        new SearchRequestProtocolOp(
            Attr.BASE_DN,
            SearchScope.SUB,
            DereferencePolicy.NEVER,
            0,
            requestedSeconds,
            false,
            Filter.createPresenceFilter("objectClass"),
            List.of("uid"));
    return new SearchOperation(
            context,
            admin,
            request,
            BrowseControls.NONE,
            entry -> {
              sent.add(entry);
              if (sent.size() == 1) {
                try {
                  Thread.sleep(1_200); // longer than the one-second limit
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return true;
            },
            () -> false)
        .run();
  }

  @Test
  void requestedTimeLimit_isTimeLimitExceeded_whenTheSearchTakesLonger() throws Exception {
    List<Entry> sent = new ArrayList<>();
    LDAPResult result = slowSearch(context(0), 1, sent);
    assertEquals(ResultCode.TIME_LIMIT_EXCEEDED, result.getResultCode());
    assertTrue(result.getDiagnosticMessage().contains("time limit"), result.getDiagnosticMessage());
    assertEquals(1, sent.size(), "the search stops at the first entry after the limit");
  }

  @Test
  void serverTimeLimit_capsASearchWithoutOne() throws Exception {
    List<Entry> sent = new ArrayList<>();
    LDAPResult result = slowSearch(context(1), 0, sent);
    assertEquals(ResultCode.TIME_LIMIT_EXCEEDED, result.getResultCode());
    assertEquals(1, sent.size());
  }

  @Test
  void withoutALimit_theSlowSearchFinishes() throws Exception {
    List<Entry> sent = new ArrayList<>();
    LDAPResult result = slowSearch(context(0), 0, sent);
    assertEquals(ResultCode.SUCCESS, result.getResultCode());
    assertTrue(sent.size() > 1);
  }
}
