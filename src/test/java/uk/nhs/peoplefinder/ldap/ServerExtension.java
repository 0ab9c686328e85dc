package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Starts a real People Finder server on 127.0.0.1 and an ephemeral port with the bundled sample
 * and known administrator passwords, and hands tests connections to it.
 *
 * <p>As an instance field ({@code @RegisterExtension final ServerExtension server = …}) every test
 * gets a fresh server; as a static field the server is shared by the class.
 */
public final class ServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  public static final String ADMIN_PASSWORD = "Nas-Admin-Test-1";
  public static final String HELPDESK_PASSWORD = "Helpdesk-Test-1";
  public static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

  private final Consumer<PeopleFinderServer.Builder> customiser;
  private final List<LDAPConnection> connections = new ArrayList<>();
  private PeopleFinderServer server;
  private boolean perClass;

  private ServerExtension(Consumer<PeopleFinderServer.Builder> customiser) {
    this.customiser = customiser;
  }

  /**
   * The small, stable test seed (src/test/resources/small-seed: the first six organisations of the
   * bundled demo seed), so that tests do not change when the demo seed grows.
   */
  public static ServerExtension withSample() {
    return new ServerExtension(SMALL_SEED);
  }

  /** The small test seed, with further settings. */
  public static ServerExtension with(Consumer<PeopleFinderServer.Builder> customiser) {
    return new ServerExtension(SMALL_SEED.andThen(customiser));
  }

  /** The bundled demo seed (seed-data/nhs-demo.json), as {@code serve} loads it. */
  public static ServerExtension withDemoSeed() {
    return new ServerExtension(b -> {});
  }

  private static final Consumer<PeopleFinderServer.Builder> SMALL_SEED =
      b -> b.seedData(java.nio.file.Path.of("src/test/resources/small-seed"));

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (LDAPConnection connection : connections) {
      connection.close();
    }
    connections.clear();
    if (!perClass) {
      stop();
    }
  }

  private void start() {
    PeopleFinderServer.Builder builder =
        PeopleFinderServer.builder()
            .port(0)
            .adminPassword(ADMIN_PASSWORD)
            .helpdeskPassword(HELPDESK_PASSWORD)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    customiser.accept(builder);
    server = builder.start();
  }

  private void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public PeopleFinderServer server() {
    return server;
  }

  public int port() {
    return server.port();
  }

  public String url() {
    return server.url();
  }

  /** An unauthenticated connection, closed after the test. */
  public LDAPConnection anonymous() throws LDAPException {
    LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port());
    connections.add(connection);
    return connection;
  }

  /** A connection bound as the NAS administrator, closed after the test. */
  public LDAPConnection admin() throws LDAPException {
    return boundAs(Attr.NAS_ADMIN_DN, ADMIN_PASSWORD);
  }

  /** A connection bound as the helpdesk, closed after the test. */
  public LDAPConnection helpdesk() throws LDAPException {
    return boundAs(Attr.HELPDESK_DN, HELPDESK_PASSWORD);
  }

  public LDAPConnection boundAs(String dn, String password) throws LDAPException {
    LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port(), dn, password);
    connections.add(connection);
    return connection;
  }
}
