package uk.nhs.peoplefinder.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The approximate-match ({@code ~=}) rule: every word of the assertion sounds like (Soundex) or
 * is one edit away from a different word of the value, after folding case, accents and
 * punctuation. So {@code (cn~=smyth)} finds "John Smith (RIVERSIDE PHARMACY)".
 *
 * <p>NOTE: words with digits and words of one or two letters must match exactly after folding, and
 * a three-letter word only takes one inserted letter ({@code jon} finds John and Joan, not Jane),
 * or "al" would find every "Ali" and "Alf" and a mobile number every other one.
 */
public final class ApproximateMatch {
  private ApproximateMatch() {}

  public static boolean matches(String value, String assertion) {
    List<String> wanted = words(assertion);
    if (wanted.isEmpty()) {
      return false;
    }
    List<String> available = words(value);
    for (String word : wanted) {
      int at = indexOfApproximate(available, word);
      if (at < 0) {
        return false;
      }
      available.remove(at);
    }
    return true;
  }

  private static int indexOfApproximate(List<String> candidates, String word) {
    for (int i = 0; i < candidates.size(); i++) {
      if (candidates.get(i).equals(word)) {
        return i;
      }
    }
    if (word.length() < 3 || !word.chars().allMatch(Character::isLetter)) {
      return -1; // short words and numbers (phone numbers, codes) must match exactly
    }
    if (word.length() == 3) {
      // jon finds John: a three-letter word takes one inserted letter after its first, no more
      for (int i = 0; i < candidates.size(); i++) {
        String candidate = candidates.get(i);
        if (candidate.length() == 4 && candidate.charAt(0) == word.charAt(0) && withinOneEdit(candidate, word)) {
          return i;
        }
      }
      return -1;
    }
    for (int i = 0; i < candidates.size(); i++) {
      String candidate = candidates.get(i);
      if (candidate.length() >= 4
          && (soundex(candidate).equals(soundex(word)) || withinOneEdit(candidate, word))) {
        return i;
      }
    }
    return -1;
  }

  /** Lower-case words with accents removed and apostrophes dropped (O'Neil → oneil). */
  static List<String> words(String text) {
    String folded = text;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        break;
      }
    }
    List<String> words = new ArrayList<>(4);
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (c == '\'' || c == '\u2019' || c == '`') {
        continue; // O'Neil is one word
      }
      if (Character.isLetterOrDigit(c)) {
        word.append(Character.toLowerCase(c));
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  static String soundex(String word) {
    String codes = "01230120022455012623010202";
    StringBuilder out = new StringBuilder(4);
    char previous = 0;
    for (int i = 0; i < word.length() && out.length() < 4; i++) {
      char c = word.charAt(i);
      if (c < 'a' || c > 'z') {
        out.append(out.length() == 0 ? c : "");
        continue;
      }
      char code = codes.charAt(c - 'a');
      if (out.length() == 0) {
        out.append(Character.toUpperCase(c));
      } else if (code != '0' && code != previous) {
        out.append(code);
      }
      if (c != 'h' && c != 'w') {
        previous = code;
      }
    }
    while (out.length() < 4) {
      out.append('0');
    }
    return out.toString();
  }

  /** Damerau-Levenshtein distance at most one (one insertion, deletion, substitution or swap). */
  static boolean withinOneEdit(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (i == a.length() || i == b.length()) {
      return true;
    }
    String restA = a.substring(i + 1);
    String restB = b.substring(i + 1);
    if (a.length() == b.length()) {
      boolean swapped =
          i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
              && a.substring(i + 2).equals(b.substring(i + 2));
      return restA.equals(restB) || swapped;
    }
    return a.length() > b.length() ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(restB);
  }
}
