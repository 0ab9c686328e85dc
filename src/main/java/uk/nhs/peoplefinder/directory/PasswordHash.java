package uk.nhs.peoplefinder.directory;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted, slow password hashes (PBKDF2-HMAC-SHA256) in the form
 * {@code {PBKDF2-SHA256}<iterations>$<salt>$<hash>}, and their constant-time verification.
 */
public final class PasswordHash {
  public static final String SCHEME = "{PBKDF2-SHA256}";
  /** OWASP (2023) suggests 600,000; this is lower so that tests and seed loads stay quick. */
  public static final int DEFAULT_ITERATIONS = 100_000;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;

  private PasswordHash() {}

  public static boolean isHashed(String value) {
    return value.startsWith(SCHEME);
  }

  public static String hash(byte[] password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, DEFAULT_ITERATIONS);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return SCHEME + DEFAULT_ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** True when the presented password matches the stored hash; false for anything malformed. */
  public static boolean verify(String stored, byte[] presented) {
    if (stored == null || !isHashed(stored)) {
      return false;
    }
    String[] parts = stored.substring(SCHEME.length()).split("\\$");
    if (parts.length != 3) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[0]);
      byte[] salt = Base64.getDecoder().decode(parts[1]);
      byte[] expected = Base64.getDecoder().decode(parts[2]);
      if (iterations < 1 || iterations > 10_000_000) {
        return false;
      }
      return MessageDigest.isEqual(expected, derive(presented, salt, iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(byte[] password, byte[] salt, int iterations) {
    char[] chars = toChars(password);
    try {
      PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  private static char[] toChars(byte[] utf8) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8));
      char[] result = new char[chars.remaining()];
      chars.get(result);
      return result;
    } catch (CharacterCodingException e) {
      // Not UTF-8: hash the raw bytes as Latin-1 so that such a password still works consistently.
      return new String(utf8, StandardCharsets.ISO_8859_1).toCharArray();
    }
  }
}
