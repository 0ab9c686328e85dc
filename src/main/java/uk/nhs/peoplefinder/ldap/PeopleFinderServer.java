package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.listener.LDAPListenerExceptionHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import uk.nhs.peoplefinder.access.ReadAccess;
import uk.nhs.peoplefinder.access.RequireRoleForWrite;
import uk.nhs.peoplefinder.access.RequireWriteAccess;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.NhsSchema;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.WriteChain;
import uk.nhs.peoplefinder.provisioning.WritePipeline;
import uk.nhs.peoplefinder.search.CandidatePlanner;
import uk.nhs.peoplefinder.search.SearchIndex;
import uk.nhs.peoplefinder.search.FilterEvaluator;
import uk.nhs.peoplefinder.seed.JsonSeed;
import uk.nhs.peoplefinder.seed.LdifSeed;
import uk.nhs.peoplefinder.store.DirectoryStore;

/**
 * People Finder as an embeddable LDAP server: the directory, its rules and UnboundID's listener,
 * assembled and started. Used by the {@code serve} command and directly by tests and fixtures.
 */
public final class PeopleFinderServer implements AutoCloseable {
  private static final Logger LOG = System.getLogger(PeopleFinderServer.class.getName());

  /** Attributes with an exact-value index: addresses, ODS codes, mobiles and links. */
  static final List<String> INDEXED =
      List.of(Attr.UID, Attr.MAIL, Attr.NHS_MAIL_ALIAS, Attr.NHS_ODS_CODE, Attr.MOBILE, Attr.MEMBER, Attr.OWNER);

  private static final String BASE_LDIF = "/ldif/10-base.ldif";
  private static final String BUNDLED_SEED = "/seed-data/nhs-demo.json";

  private final Builder settings;
  private final DirectoryStore store;
  private final SearchIndex index;
  private final WritePipeline pipeline;
  private final LDAPListener listener;
  private final List<String> generatedPasswords;
  private final TlsContext tls;
  private final LDAPListener ldapsListener;

  private PeopleFinderServer(
      Builder settings,
      DirectoryStore store,
      WritePipeline pipeline,
      SearchIndex index,
      LDAPListener listener,
      List<String> generated,
      TlsContext tls,
      LDAPListener ldapsListener) {
    this.settings = settings;
    this.store = store;
    this.pipeline = pipeline;
    this.index = index;
    this.listener = listener;
    this.generatedPasswords = generated;
    this.tls = tls;
    this.ldapsListener = ldapsListener;
  }

  SearchIndex index() {
    return index;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return listener.getListenPort();
  }

  public String host() {
    return settings.bindAddress;
  }

  public String url() {
    return "ldap://" + settings.bindAddress + ":" + port();
  }

  /** The LDAPS port, or -1 when LDAPS is off (see {@link Builder#ldapsPort}). */
  public int ldapsPort() {
    return ldapsListener == null ? -1 : ldapsListener.getListenPort();
  }

  /** {@code ldaps://HOST:PORT}, or null when LDAPS is off. */
  public String ldapsUrl() {
    return ldapsListener == null ? null : "ldaps://" + settings.bindAddress + ":" + ldapsPort();
  }

  /**
   * SHA-256 fingerprint of the server's TLS certificate (colon-separated hex); generates the in-memory
   * certificate if none was needed yet.
   */
  public String tlsFingerprint() {
    return tls.fingerprint();
  }

  /** The one road for writes; embedders and seed loaders submit through it. */
  public WritePipeline pipeline() {
    return pipeline;
  }

  /** The stored directory, for read-only inspection by embedders and benchmarks. */
  public DirectoryStore store() {
    return store;
  }

  /**
   * Lines announcing passwords generated at this start because none was configured (printed
   * once by the {@code serve} command); empty when both were supplied.
   */
  public List<String> generatedPasswords() {
    return generatedPasswords;
  }

  @Override
  public void close() {
    listener.shutDown(true);
    if (ldapsListener != null) {
      ldapsListener.shutDown(true);
    }
    index.close();
  }

  /** Settings, each with a documented default (see README). */
  public static final class Builder {
    private String bindAddress = "127.0.0.1";
    private int port = 1389;
    private Path seedData;
    private boolean bundledSeed = true;
    private String adminPassword = System.getenv("PEOPLE_FINDER_ADMIN_PASSWORD");
    private String helpdeskPassword = System.getenv("PEOPLE_FINDER_HELPDESK_PASSWORD");
    private String seedPassword = System.getenv(JsonSeed.PASSWORD_VARIABLE);
    private Clock clock = Clock.systemUTC();
    private boolean anonymousRead;
    private int sizeLimit;
    private int timeLimitSeconds;
    private InputLimits inputLimits = InputLimits.defaults();
    private RequestLimits requestLimits = RequestLimits.defaults();
    private int lockoutThreshold = 5;
    private java.time.Duration maxPasswordAge = java.time.Duration.ofDays(90);
    private Integer ldapsPort;
    private Path dataDir;
    private Path keystore;
    private Path keystorePasswordFile;
    private boolean requireTlsForBinds;

    private int maxConnections = 1000;
    private int maxConnectionsPerAddress = 100;
    private int idleTimeoutSeconds;
    // One count of connections per address for both listeners (LDAP and LDAPS) of a start.
    private ConnectionLimits connectionLimits;

    private Builder() {}

    /**
     * Open connections a listener accepts (each of LDAP and LDAPS); over it the SDK sends a notice
     * of disconnection, busy (51), and closes the new connection. Default 1,000; 0 for no limit.
     */
    public Builder maxConnections(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException("maxConnections cannot be negative, not " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /**
     * Open connections allowed from one client address; the next gets a notice of disconnection,
     * busy (51), and is closed, other clients unaffected. Default 100; 0 for no limit.
     */
    public Builder maxConnectionsPerAddress(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException("maxConnectionsPerAddress cannot be negative, not " + connections);
      }
      this.maxConnectionsPerAddress = connections;
      return this;
    }

    /**
     * Seconds a connection may wait without sending a request before it is closed with a notice of
     * disconnection, unavailable (52); time spent processing a request does not count. Default 0 (none).
     */
    public Builder idleTimeoutSeconds(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("idleTimeoutSeconds cannot be negative, not " + seconds);
      }
      this.idleTimeoutSeconds = seconds;
      return this;
    }

    private ConnectionLimits connectionLimits() {
      if (connectionLimits == null) {
        connectionLimits = new ConnectionLimits(maxConnectionsPerAddress, idleTimeoutSeconds);
      }
      return connectionLimits;
    }

    /** Also listen for LDAPS (TLS from the first byte) on this port; 0 picks a free port. Default: off. */
    public Builder ldapsPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("ldapsPort must be between 0 and 65535, not " + port);
      }
      this.ldapsPort = port;
      return this;
    }

    /**
     * The server's own directory: the generated TLS certificate is kept in {@code <dir>/tls/server.p12}
     * (password in {@code server.p12.pin}, both owner-only) and reused on later starts. Without it, and
     * without {@link #keystore}, a certificate is generated in memory per start.
     */
    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    /** A keystore (PKCS12 or JKS) with the server's key and certificate, instead of a generated one. */
    public Builder keystore(Path keystore, Path passwordFile) {
      this.keystore = keystore;
      this.keystorePasswordFile = passwordFile;
      return this;
    }

    /**
     * Refuse simple binds with a password on connections without TLS (confidentialityRequired, 13);
     * anonymous binds are still allowed. Default: off.
     */
    public Builder requireTlsForBinds(boolean require) {
      this.requireTlsForBinds = require;
      return this;
    }

    public Builder bindAddress(String address) {
      this.bindAddress = address;
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** A directory of seed files ({@code *.json}, and {@code *.ldif}) instead of the bundled demo seed. */
    public Builder seedData(Path directory) {
      this.seedData = directory;
      return this;
    }

    /** Without seed data only the base tree and the administrators are loaded. */
    public Builder withoutSeedData() {
      this.seedData = null;
      this.bundledSeed = false;
      return this;
    }

    public Builder adminPassword(String password) {
      this.adminPassword = password;
      return this;
    }

    public Builder helpdeskPassword(String password) {
      this.helpdeskPassword = password;
      return this;
    }

    /** Replaces the seed files' default password for active people (PEOPLE_FINDER_SEED_PASSWORD). */
    public Builder seedPassword(String password) {
      this.seedPassword = password;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The fixture setting that lets anonymous clients read the directory (SPEC §5). */
    public Builder anonymousRead(boolean open) {
      this.anonymousRead = open;
      return this;
    }

    /** Server-wide cap on entries per search; 0 for none. */
    public Builder sizeLimit(int entries) {
      this.sizeLimit = entries;
      return this;
    }

    /** Server-wide cap on seconds per search; 0 for none. */
    public Builder timeLimitSeconds(int seconds) {
      this.timeLimitSeconds = seconds;
      return this;
    }

    public Builder inputLimits(InputLimits limits) {
      this.inputLimits = limits;
      return this;
    }

    /** Failed binds in a row that lock a personal account (R-LOCK); default 5. */
    public Builder lockoutThreshold(int failedBinds) {
      if (failedBinds < 1) {
        throw new IllegalArgumentException("lockoutThreshold must be at least 1, not " + failedBinds);
      }
      this.lockoutThreshold = failedBinds;
      return this;
    }

    /** How long a password lasts, on the injected clock (R-PASSWORD); default 90 days. */
    public Builder maxPasswordAge(java.time.Duration age) {
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("maxPasswordAge must be positive, not " + age);
      }
      this.maxPasswordAge = age;
      return this;
    }

    public Builder requestLimits(RequestLimits limits) {
      this.requestLimits = limits;
      return this;
    }

    /**
     * Loads the directory and starts listening.
     *
     * @throws StartupFailure with a one-line reason (bad seed file, port taken, …)
     */
    public PeopleFinderServer start() {
      Loaded loaded = loadAll(true);
      Schema schema = loaded.schema();
      DirectoryStore store = loaded.store();
      WritePipeline pipeline = loaded.pipeline();
      List<String> generated = loaded.generatedPasswords();
      Entry schemaEntry = schema.getSchemaEntry().duplicate();
      schemaEntry.setDN(Attr.SCHEMA_DN);
      DirectoryContext context =
          new DirectoryContext(
              schema,
              store,
              pipeline,
              new CandidatePlanner(store),
              loaded.index(),
              new FilterEvaluator(schema),
              new ReadAccess(anonymousRead, schema),
              requestLimits,
              new Authenticator(store, pipeline, clock, maxPasswordAge, lockoutThreshold),
              sizeLimit,
              timeLimitSeconds,
              DirectoryContext.newRootDse(),
              schemaEntry);
      TlsContext tls = tlsContext();
      context.rootDse().addAttribute("supportedExtension", SupportedFeatures.START_TLS);
      LDAPListener listener;
      LDAPListener ldapsListener = null;
      try {
        loaded.index().awaitCurrent();
        listener = listen(context, tls, port, null);
      } catch (RuntimeException e) {
        loaded.index().close();
        throw e;
      }
      if (ldapsPort != null) {
        tls.fingerprint(); // an in-memory certificate is made now, not on the first LDAPS accept
        try {
          ldapsListener = listen(context, tls, ldapsPort, tls);
        } catch (RuntimeException e) {
          listener.shutDown(true);
          loaded.index().close();
          throw e;
        }
      }
      return new PeopleFinderServer(
          this, store, pipeline, loaded.index(), listener, List.copyOf(generated), tls, ldapsListener);
    }

    /**
     * Loads the directory exactly as {@link #start()} does, without listening: for one-shot
     * commands such as {@code report}. Port and bind address are ignored.
     *
     * @throws StartupFailure with a one-line reason (bad seed file, …)
     */
    public DirectoryStore load() {
      return loadAll(false).store();
    }

    /**
     * @param searchable whether to keep a search index in step from the start (it is built beside
     *     the seed loading, on another thread)
     */
    private Loaded loadAll(boolean searchable) {
      Schema schema = NhsSchema.load();
      DirectoryStore store = new DirectoryStore(schema, List.of(Attr.BASE_DN), INDEXED);
      SearchIndex index = searchable ? SearchIndex.of(store) : null;
      try {
        return load(schema, store, index);
      } catch (RuntimeException e) {
        if (index != null) {
          index.close();
        }
        throw e;
      }
    }

    private Loaded load(Schema schema, DirectoryStore store, SearchIndex index) {
      WritePipeline pipeline = WriteChain.assemble(
              store, clock, List.of(new RequireWriteAccess()), List.of(new RequireRoleForWrite()));
      loadResource(pipeline, BASE_LDIF, "ldif/10-base.ldif");
      List<String> generated = new ArrayList<>();
      setPassword(pipeline, Attr.NAS_ADMIN_DN, adminPassword, "PEOPLE_FINDER_ADMIN_PASSWORD", generated);
      setPassword(pipeline, Attr.HELPDESK_DN, helpdeskPassword, "PEOPLE_FINDER_HELPDESK_PASSWORD", generated);
      if (seedData != null) {
        loadDirectory(pipeline, seedData, seedPassword);
      } else if (bundledSeed) {
        loadBundledSeed(pipeline, seedPassword);
      }
      return new Loaded(schema, store, index, pipeline, List.copyOf(generated));
    }

    private record Loaded(
        Schema schema,
        DirectoryStore store,
        SearchIndex index,
        WritePipeline pipeline,
        List<String> generatedPasswords) {}

    private TlsContext tlsContext() {
      if (keystore != null) {
        if (keystorePasswordFile == null) {
          throw new StartupFailure("--keystore needs --keystore-password-file");
        }
        return TlsContext.fromKeystore(keystore, keystorePasswordFile);
      }
      return dataDir != null ? TlsContext.inDataDir(dataDir) : TlsContext.inMemory();
    }

    /**
     * @param ldaps the TLS identity when every accepted connection is LDAPS, null for plain LDAP (with
     *     StartTLS)
     */
    private LDAPListener listen(DirectoryContext context, TlsContext tls, int port, TlsContext ldaps) {
      try {
        LDAPListenerConfig config =
            new LDAPListenerConfig(port, new RequestHandler(context, tls, requireTlsForBinds));
        config.setListenAddress(InetAddress.getByName(bindAddress));
        // For LDAPS the accepted TCP socket is wrapped as a server-mode SSLSocket and that in the guard,
        // which so reads decrypted bytes. The listener treats an SSLSocket specially only to ask for client
        // certificates, which People Finder does not do.
        config.setServerSocketFactory(
            new GuardedServerSocketFactory(inputLimits, ldaps).limitConnections(connectionLimits()));
        config.setMaxConnections(maxConnections);
        config.setMaxMessageSizeBytes(inputLimits.maxMessageBytes());
        config.setExceptionHandler(new LogConnectionFailures());
        LDAPListener listener = new LDAPListener(config);
        listener.startListening();
        return listener;
      } catch (IOException e) {
        throw new StartupFailure("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
      }
    }

    private static void loadResource(WritePipeline pipeline, String resource, String name) {
      try (InputStream in = PeopleFinderServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new StartupFailure(name + " is missing from the build (classpath " + resource + ")");
        }
        LdifSeed.load(pipeline, name, in);
      } catch (IOException e) {
        throw new StartupFailure(name + ": cannot read: " + e.getMessage(), e);
      }
    }

    private static void loadBundledSeed(WritePipeline pipeline, String seedPassword) {
      JsonSeed seed = new JsonSeed(pipeline, seedPassword);
      try (InputStream in = PeopleFinderServer.class.getResourceAsStream(BUNDLED_SEED)) {
        if (in == null) {
          throw new StartupFailure("seed-data/nhs-demo.json is missing from the build (classpath " + BUNDLED_SEED + ")");
        }
        seed.load("seed-data/nhs-demo.json", in);
      } catch (IOException e) {
        throw new StartupFailure("seed-data/nhs-demo.json: cannot read: " + e.getMessage(), e);
      }
      seed.finish();
    }

    /** Every *.json and *.ldif file of the directory, in name order; links once all are loaded. */
    private static void loadDirectory(WritePipeline pipeline, Path directory, String seedPassword) {
      if (!Files.isDirectory(directory)) {
        throw new StartupFailure("seed data directory " + directory + " does not exist or is not a directory");
      }
      List<Path> files;
      try (Stream<Path> listing = Files.list(directory)) {
        files =
            listing
                .filter(p -> p.getFileName().toString().endsWith(".json") || p.getFileName().toString().endsWith(".ldif"))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new StartupFailure("cannot list seed data directory " + directory + ": " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw new StartupFailure("seed data directory " + directory + " holds no .json or .ldif files");
      }
      JsonSeed seed = new JsonSeed(pipeline, seedPassword);
      for (Path file : files) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          if (file.getFileName().toString().endsWith(".json")) {
            seed.load(file.toString(), in);
          } else {
            LdifSeed.load(pipeline, file.toString(), in);
          }
        } catch (IOException e) {
          throw new StartupFailure(file + ": cannot read: " + e.getMessage(), e);
        }
      }
      seed.finish();
    }

    private static void setPassword(
        WritePipeline pipeline, String dn, String configured, String variable, List<String> generated) {
      String password = configured;
      if (password == null || password.isEmpty()) {
        password = randomPassword();
        generated.add("generated password for " + dn + ": " + password + " (shown once; set " + variable
            + " to choose one)");
      }
      try {
        pipeline.submit(
            Requester.SYSTEM,
            new Change.Modify(dn, List.of(new Modification(ModificationType.REPLACE, Attr.USER_PASSWORD, password))));
      } catch (RuleViolation e) {
        throw new StartupFailure("cannot set the password of " + dn + ": " + e.getMessage(), e);
      }
    }

    static String randomPassword() {
      String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
      SecureRandom random = new SecureRandom();
      StringBuilder password = new StringBuilder("Pf-");
      for (int i = 0; i < 20; i++) {
        password.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      return password.toString();
    }
  }

  /** Logs connections the listener drops because of errors; the client already got a notice. */
  private static final class LogConnectionFailures implements LDAPListenerExceptionHandler {
    @Override
    public void connectionCreationFailure(java.net.Socket socket, Throwable cause) {
      LOG.log(Level.WARNING, "could not accept a connection: " + cause.getMessage());
    }

    @Override
    public void connectionTerminated(LDAPListenerClientConnection connection, LDAPException cause) {
      LOG.log(Level.DEBUG, "connection " + connection.getConnectionID() + " closed: " + cause.getMessage());
    }
  }
}
