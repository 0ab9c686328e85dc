package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.listener.SelfSignedCertificateGenerator;
import com.unboundid.util.ObjectPair;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import uk.nhs.peoplefinder.directory.StartupFailure;

/**
 * The server's TLS identity, for the LDAPS port and StartTLS: a user-supplied keystore, a
 * self-signed certificate generated once into the data directory and reused, or (without a data
 * directory) one generated in memory at first use and forgotten when the server stops.
 */
final class TlsContext {
  static final String TOOL_NAME = "People Finder";
  static final String ALIAS = "server-cert";

  private final Source source;
  private volatile Loaded loaded;

  private TlsContext(Source source) {
    this.source = source;
  }

  /** A keystore supplied by the user (PKCS12 or JKS, detected), loaded now so mistakes stop the start. */
  static TlsContext fromKeystore(Path keystore, Path passwordFile) {
    TlsContext tls = new TlsContext(() -> {
      char[] password = readPassword(passwordFile);
      return load(keystore, password, "keystore " + keystore);
    });
    tls.loaded();
    return tls;
  }

  /**
   * The certificate in {@code <dataDir>/tls/server.p12}, generated there on first start with a
   * random password kept beside it in {@code server.p12.pin} (both owner-only), then reused.
   */
  static TlsContext inDataDir(Path dataDir) {
    TlsContext tls = new TlsContext(() -> generatedInto(dataDir.resolve("tls")));
    tls.loaded();
    return tls;
  }

  /** A self-signed certificate generated in memory at first use (an LDAPS connection or StartTLS). */
  static TlsContext inMemory() {
    return new TlsContext(TlsContext::generatedInMemory);
  }

  SSLSocketFactory socketFactory() {
    return loaded().context().getSocketFactory();
  }

  /** SHA-256 fingerprint of the server certificate, colon-separated hex (as {@code openssl x509 -fingerprint}). */
  String fingerprint() {
    return loaded().fingerprint();
  }

  /**
   * A server-mode TLS socket layered over an accepted (or StartTLS-converted) plain socket; the
   * handshake happens on its first read. Client certificates are not requested.
   */
  SSLSocket serverSocketOver(Socket raw) throws IOException {
    SSLSocket ssl =
        (SSLSocket)
            socketFactory().createSocket(raw, raw.getInetAddress().getHostAddress(), raw.getPort(), true);
    ssl.setUseClientMode(false);
    ssl.setWantClientAuth(false);
    return ssl;
  }

  private Loaded loaded() {
    Loaded current = loaded;
    if (current == null) {
      synchronized (this) {
        current = loaded;
        if (current == null) {
          current = source.load();
          loaded = current;
        }
      }
    }
    return current;
  }

  private interface Source {
    Loaded load();
  }

  private record Loaded(SSLContext context, String fingerprint) {}

  private static Loaded generatedInto(Path dir) {
    Path keystore = dir.resolve("server.p12");
    Path pin = dir.resolve("server.p12.pin");
    try {
      if (!Files.exists(keystore)) {
        Files.createDirectories(dir);
        restrict(dir, "rwx------");
        byte[] random = new byte[30];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.deleteIfExists(pin);
        Files.createFile(pin);
        restrict(pin, "rw-------");
        Files.writeString(pin, password + "\n", StandardCharsets.UTF_8);
        SelfSignedCertificateGenerator.generateSelfSignedCertificate(
            TOOL_NAME, keystore.toFile(), password, "PKCS12", ALIAS);
        restrict(keystore, "rw-------");
      } else if (!Files.exists(pin)) {
        throw new StartupFailure(
            keystore + " exists but its password file " + pin + " does not; remove the keystore to generate a new one");
      }
      return load(keystore, readPassword(pin), "generated keystore " + keystore);
    } catch (IOException | com.unboundid.util.ssl.cert.CertException e) {
      throw new StartupFailure("cannot create the TLS certificate in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Loaded generatedInMemory() {
    File file = null;
    try {
      ObjectPair<File, char[]> generated =
          SelfSignedCertificateGenerator.generateTemporarySelfSignedCertificate(TOOL_NAME, "PKCS12");
      file = generated.getFirst();
      return load(file.toPath(), generated.getSecond(), "in-memory certificate");
    } catch (com.unboundid.util.ssl.cert.CertException e) {
      throw new IllegalStateException("cannot generate a self-signed TLS certificate: " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file.toPath());
        } catch (IOException e) {
          file.deleteOnExit();
        }
      }
    }
  }

  private static Loaded load(Path keystore, char[] password, String what) {
    try {
      KeyStore store = KeyStore.getInstance(keystore.toFile(), password);
      Certificate certificate = null;
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          certificate = store.getCertificate(alias);
          break;
        }
      }
      if (certificate == null) {
        throw new StartupFailure(what + " holds no private key with a certificate");
      }
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return new Loaded(context, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
    } catch (IOException | GeneralSecurityException e) {
      throw new StartupFailure("cannot load " + what + ": " + e.getMessage(), e);
    }
  }

  private static char[] readPassword(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replaceAll("[\\r\\n]+$", "").toCharArray(); // a trailing newline is not part of it
    } catch (IOException e) {
      throw new StartupFailure("cannot read the keystore password file " + file + ": " + e.getMessage(), e);
    }
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: rely on the directory's own protection.
    }
  }
}
