package uk.nhs.peoplefinder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --seed-data DIR} with a broken seed file: exit code 1 and one line on stderr. */
class ServeSeedDataTest {
  @TempDir Path dir;

  @Test
  void serve_seedFileWithADuplicateMobile_exits1WithOneLineNamingFilePathAndRule() throws Exception {
    Path file = dir.resolve("20-pharmacies.json");
    Files.writeString(
        file,
        """
        {"organisations": [
          {"odsCode": "FA123", "name": "Riverside Pharmacy", "type": "pharmacy", "town": "Leeds",
           "people": [
             {"givenName": "John", "surname": "Smith", "mobile": "+447700900101", "altEmail": "j@example.com"},
             {"givenName": "Jane", "surname": "Smith", "mobile": "+447700900101", "altEmail": "k@example.com"}]}]}
        """,
        StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(new String[] {"serve", "--port", "0", "--seed-data", dir.toString()}, o, e);
    }

    assertEquals(Main.FAILED, status);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), () -> "exactly one line on stderr expected, got:\n" + lines);
    String line = lines.get(0);
    assertTrue(line.startsWith("people-finder serve: "), line);
    assertTrue(line.contains(file.toString()), line);
    assertTrue(line.contains("$.organisations[0].people[1].mobile: R-MOBILE: "), line);
    assertTrue(line.contains("john.smith@nhs.net"), line);
    assertFalse(out.toString(StandardCharsets.UTF_8).contains("listening on"), "the server must not start");
  }
}
