package uk.nhs.peoplefinder.directory;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How names become parts of {@code @nhs.net} addresses (R-PERSON-NAME, R-SHARED-NAME, R-APP-NAME).
 */
public final class Addresses {
  private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}");

  public static final String DOMAIN = "@" + Attr.MAIL_DOMAIN;

  private Addresses() {}

  /**
   * A name as it appears in a personal address: accents folded (Zoë → zoe), apostrophes and
   * spaces dropped (O'Neil → oneil, Mary Ann → maryann), hyphens kept, anything else that is not
   * a letter or digit dropped, lower case.
   */
  public static String personPart(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char c : fold(name).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
        out.append(c);
      }
    }
    return trimHyphens(out.toString());
  }

  /** Letters and digits only, lower case (care.leeds.meadowbankcarehomev1a2b). */
  public static String compact(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (char c : fold(name).toCharArray()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The local part of an address (before {@code @}), lower case. */
  public static String localPart(String address) {
    int at = address.indexOf('@');
    return (at < 0 ? address : address.substring(0, at)).trim().toLowerCase(Locale.ROOT);
  }

  public static String mail(String localPart) {
    return localPart + DOMAIN;
  }

  private static String fold(String text) {
    if (isAscii(text)) {
      return text.toLowerCase(Locale.ROOT); // ASCII has nothing to decompose or replace
    }
    String decomposed = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
    return decomposed
        .replace("ß", "ss")
        .replace("æ", "ae")
        .replace("Æ", "ae")
        .replace("ø", "o")
        .replace("Ø", "o")
        .replace("ł", "l")
        .replace("Ł", "l")
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String trimHyphens(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '-') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '-') {
      end--;
    }
    return s.substring(start, end);
  }
}
