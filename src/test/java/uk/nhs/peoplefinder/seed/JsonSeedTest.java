package uk.nhs.peoplefinder.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.ldap.PeopleFinderServer;

/**
 * Loading seed directories (docs/seed-data.md): a broken file stops the server with one line
 * naming the file, the JSON path and the rule; links are resolved once every file is loaded.
 */
class JsonSeedTest {
  private static final String ADMIN_PASSWORD = "x-Admin-1";
  private static final String FA123 = "nhsOdsCode=FA123," + Attr.PHARMACY_DN;
  private static final String FW844 = "nhsOdsCode=FW844," + Attr.PHARMACY_DN;

  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  private Path write(String name, String json) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  private PeopleFinderServer.Builder builder() {
    return PeopleFinderServer.builder()
        .port(0)
        .adminPassword(ADMIN_PASSWORD)
        .helpdeskPassword("x-Help-1")
        .seedPassword(null)
        .seedData(dir);
  }

  /**
   * Loads {@code dir} and asserts start-up fails with one line naming the file, the JSON path and
   * the rule (or another stable fragment).
   */
  private StartupFailure assertLoadFails(Path file, String jsonPath, String rule) {
    StartupFailure failure = assertThrows(StartupFailure.class, () -> builder().start().close());
    String message = failure.getMessage();
    assertNotNull(message);
    assertEquals(1, message.lines().count(), () -> "one line expected:\n" + message);
    assertTrue(message.contains(file.getFileName().toString()), () -> "names the file: " + message);
    assertTrue(message.contains(jsonPath + ": "), () -> "names the path " + jsonPath + ": " + message);
    assertTrue(message.contains(rule), () -> "names " + rule + ": " + message);
    return failure;
  }

  /** A seed file of one pharmacy with a mailbox and the given people (JSON objects). */
  private static String pharmacy(String odsCode, String people) {
    return """
        {"defaultPassword": "File-Default-1",
         "organisations": [
          {"odsCode": "%s", "name": "Riverside Pharmacy", "type": "pharmacy", "town": "Leeds",
           "sharedMailbox": {"format": "current"},
           "people": [%s]}]}
        """
        .formatted(odsCode, people);
  }

  private static String john(String mobile) {
    return """
        {"givenName": "John", "surname": "Smith", "mobile": "%s", "altEmail": "john@example.com",
         "links": [{"odsCode": "FA123", "owner": true}]}"""
        .formatted(mobile);
  }

  // ---------------------------------------------------------------- broken files

  @Test
  void unknownField_failsNamingItsPath() throws Exception {
    Path file =
        write(
            "10-typo.json",
            pharmacy(
                "FA123",
                """
                {"givenName": "John", "surname": "Smith", "mobil": "+447700900101",
                 "altEmail": "john@example.com"}"""));

    assertLoadFails(file, "$.organisations[0].people[0].mobil", "unknown field");
  }

  @Test
  void unknownTopLevelField_failsNamingIt() throws Exception {
    Path file = write("10-typo.json", "{\"organisation\": []}");

    assertLoadFails(file, "$.organisation", "unknown field");
  }

  @Test
  void odsCodeTooShort_failsWithROds() throws Exception {
    Path file = write("10-short.json", pharmacy("FA12", john("+447700900101")));

    assertLoadFails(file, "$.organisations[0].odsCode", "R-ODS");
  }

  @Test
  void odsCodeOfTheWrongShape_failsWithROds() throws Exception {
    Path file = write("10-shape.json", pharmacy("A81001", ""));

    StartupFailure failure = assertLoadFails(file, "$.organisations[0].odsCode", "R-ODS");
    assertTrue(failure.getMessage().contains("F + 4"), failure.getMessage());
  }

  @Test
  void odsCodeUsedTwiceAcrossFilesInAnotherCase_failsWithROds() throws Exception {
    write("10-first.json", pharmacy("FA123", john("+447700900101")));
    Path second = write("20-second.json", pharmacy("fa123", ""));

    assertLoadFails(second, "$.organisations[0].odsCode", "R-ODS");
  }

  @Test
  void unknownType_failsAtTheTypeWithROds() throws Exception {
    Path file =
        write(
            "10-type.json",
            """
            {"organisations": [
              {"odsCode": "FA123", "name": "Riverside Pharmacy", "type": "chemist", "town": "Leeds"}]}
            """);

    assertLoadFails(file, "$.organisations[0].type", "R-ODS");
  }

  @Test
  void unknownStatus_failsAtTheStatus() throws Exception {
    Path file =
        write(
            "10-status.json",
            """
            {"organisations": [
              {"odsCode": "FA123", "name": "Riverside Pharmacy", "type": "pharmacy", "town": "Leeds",
               "status": "open"}]}
            """);

    assertLoadFails(file, "$.organisations[0].status", "R-ODS");
  }

  @Test
  void duplicateMobile_failsAtTheSecondPersonsMobile() throws Exception {
    Path file =
        write(
            "10-mobile.json",
            pharmacy(
                "FA123",
                john("+447700900101")
                    + ", "
                    + """
                    {"givenName": "Jane", "surname": "Smith", "mobile": "07700 900101",
                     "altEmail": "jane@example.com"}"""));

    StartupFailure failure = assertLoadFails(file, "$.organisations[0].people[1].mobile", "R-MOBILE");
    assertTrue(failure.getMessage().contains("john.smith@nhs.net"), failure.getMessage());
  }

  @Test
  void personWithoutAltEmail_failsWithRMobile() throws Exception {
    Path file =
        write(
            "10-altemail.json",
            pharmacy("FA123", "{\"givenName\": \"John\", \"surname\": \"Smith\", \"mobile\": \"+447700900101\"}"));

    StartupFailure failure = assertThrows(StartupFailure.class, () -> builder().start().close());
    String message = failure.getMessage();
    assertEquals(1, message.lines().count(), message);
    assertTrue(message.contains(file.getFileName().toString()), message);
    assertTrue(message.contains("$.organisations[0].people[0]"), message);
    assertTrue(message.contains("R-MOBILE"), message);
    assertFalse(message.contains("people[0].mobile"), () -> "the mobile is fine; altEmail is missing: " + message);
  }

  @Test
  void linkToAnOrganisationWithoutASharedMailbox_failsAtTheLink() throws Exception {
    Path file =
        write(
            "10-link.json",
            """
            {"organisations": [
              {"odsCode": "A81001", "name": "Oakfield Medical Practice", "type": "gp", "town": "Middlesbrough",
               "people": [
                 {"givenName": "Zoe", "surname": "Clarke", "mobile": "+447700900106",
                  "altEmail": "zoe@example.net", "links": [{"odsCode": "A81001"}]}]}]}
            """);

    assertLoadFails(file, "$.organisations[0].people[0].links[0].odsCode", "R-MULTI");
  }

  @Test
  void linkToAnOrganisationThatDoesNotExist_failsAtTheLink() throws Exception {
    Path file =
        write(
            "10-link.json",
            pharmacy(
                "FA123",
                """
                {"givenName": "John", "surname": "Smith", "mobile": "+447700900101",
                 "altEmail": "john@example.com", "links": [{"odsCode": "FZ999"}]}"""));

    assertLoadFails(file, "$.organisations[0].people[0].links[0].odsCode", "R-MULTI");
  }

  @Test
  void notJson_fails() throws Exception {
    Path file = write("10-garbage.json", "this is not JSON {");

    assertLoadFails(file, "$", "not valid JSON");
  }

  @Test
  void truncatedJson_failsAtTheValueItEndsIn() throws Exception {
    Path file = write("10-truncated.json", "{\"organisations\": [{\"odsCode\": \"FA123\", \"type\": \"pharm");

    assertLoadFails(file, "$.organisations[0].type", "end-of-input");
  }

  @Test
  void valueOfTheWrongType_failsAtTheValue() throws Exception {
    Path file =
        write(
            "10-type.json",
            pharmacy(
                "FA123",
                """
                {"givenName": "John", "surname": "Smith", "mobile": "+447700900101",
                 "altEmail": "john@example.com", "hideMobile": "perhaps"}"""));

    assertLoadFails(file, "$.organisations[0].people[0].hideMobile", "");
  }

  @Test
  void applicationWithAGivenName_failsAtTheGivenName() throws Exception {
    Path file =
        write("10-app.json", pharmacy("FA123", "{\"kind\": \"application\", \"purpose\": \"reminders\", \"givenName\": \"Rem\"}"));

    assertLoadFails(file, "$.organisations[0].people[0].givenName", "R-APP-NAME");
  }

  @Test
  void applicationWithASurname_failsRatherThanBeingIgnored() throws Exception {
    Path file =
        write("10-app.json", pharmacy("FA123", "{\"kind\": \"application\", \"purpose\": \"reminders\", \"surname\": \"Bot\"}"));

    assertLoadFails(file, "$.organisations[0].people[0].surname", "R-APP-NAME");
  }

  @Test
  void applicationWithAMobile_failsAtTheMobile() throws Exception {
    Path file =
        write(
            "10-app.json",
            pharmacy("FA123", "{\"kind\": \"application\", \"purpose\": \"reminders\", \"mobile\": \"+447700900150\"}"));

    assertLoadFails(file, "$.organisations[0].people[0].mobile", "R-MOBILE");
  }

  @Test
  void applicationPurposeOfTwoWords_failsAtThePurpose() throws Exception {
    Path file =
        write("10-app.json", pharmacy("FA123", "{\"kind\": \"application\", \"purpose\": \"John Smith\"}"));

    assertLoadFails(file, "$.organisations[0].people[0].purpose", "R-APP-NAME");
  }

  @Test
  void sameCodeForACareHomeAndADentalPractice_failsWithROds() throws Exception {
    Path file =
        write(
            "10-v.json",
            """
            {"organisations": [
              {"odsCode": "V1A2B", "name": "Meadowbank Care Home", "type": "care", "town": "Harrogate"},
              {"odsCode": "v1a2b", "name": "Meadowbank Dental", "type": "dental", "town": "Harrogate"}]}
            """);

    assertLoadFails(file, "$.organisations[1].odsCode", "R-ODS");
  }

  @Test
  void missingOrganisations_fails() throws Exception {
    Path file = write("10-empty.json", "{\"defaultPassword\": \"File-Default-1\"}");

    assertLoadFails(file, "$", "organisations");
  }

  @Test
  void organisationThatIsNotAnObject_failsRatherThanBeingSkipped() throws Exception {
    Path file =
        write(
            "10-array.json",
            """
            {"organisations": [
              "FA123",
              {"odsCode": "FW844", "name": "Parkway Pharmacy", "type": "pharmacy", "town": "Sheffield"}]}
            """);

    assertLoadFails(file, "$.organisations[0]", "object");
  }

  @Test
  void contentAfterTheObject_failsRatherThanBeingSkipped() throws Exception {
    Path file =
        write("10-two.json", pharmacy("FA123", john("+447700900101")) + pharmacy("FW844", ""));

    assertLoadFails(file, "$", "after");
  }

  @Test
  void defaultPasswordAfterTheOrganisations_failsRatherThanBeingIgnored() throws Exception {
    Path file =
        write(
            "10-late.json",
            """
            {"organisations": [
              {"odsCode": "FA123", "name": "Riverside Pharmacy", "type": "pharmacy", "town": "Leeds",
               "people": [
                 {"givenName": "John", "surname": "Smith", "mobile": "+447700900101",
                  "altEmail": "john@example.com"}]}],
             "defaultPassword": "File-Default-1"}
            """);

    assertLoadFails(file, "$.defaultPassword", "before");
  }

  @Test
  void aBrokenSecondFile_failsNamingThatFile() throws Exception {
    write("10-good.json", pharmacy("FA123", john("+447700900101")));
    Path broken = write("20-broken.json", pharmacy("FW844", "{\"givenName\": 42}"));

    assertLoadFails(broken, "$.organisations[0].people[0]", "");
  }

  // ---------------------------------------------------------------- loading

  @Test
  void linkToAMailboxInALaterFile_isMadeOnceEveryFileIsLoaded() throws Exception {
    write(
        "10-people.json",
        """
        {"defaultPassword": "File-Default-1",
         "organisations": [
          {"odsCode": "FA123", "name": "Riverside Pharmacy", "type": "pharmacy", "town": "Leeds",
           "people": [
             {"givenName": "John", "surname": "Smith", "mobile": "+447700900101",
              "altEmail": "john@example.com", "links": [{"odsCode": "FW844", "owner": true}]}]}]}
        """);
    write(
        "20-mailboxes.json",
        """
        {"organisations": [
          {"odsCode": "FW844", "name": "Parkway Pharmacy", "type": "pharmacy", "town": "Sheffield",
           "sharedMailbox": {}}]}
        """);

    try (PeopleFinderServer server = builder().start();
        LDAPConnection admin = new LDAPConnection("127.0.0.1", server.port(), Attr.NAS_ADMIN_DN, ADMIN_PASSWORD)) {
      String john = "uid=john.smith," + FA123;
      SearchResultEntry mailbox = admin.getEntry("uid=pharmacy.fw844," + FW844, "member", "owner");
      assertNotNull(mailbox, "pharmacy.fw844");
      assertTrue(mailbox.hasAttributeValue("member", john), mailbox::toLDIFString);
      assertTrue(mailbox.hasAttributeValue("owner", john), mailbox::toLDIFString);
      List<SearchResultEntry> found =
          admin.search(Attr.ORGANISATIONS_DN, SearchScope.SUB, "(member=" + john + ")").getSearchEntries();
      assertEquals(1, found.size(), found::toString);
      assertEquals("uid=pharmacy.fw844," + FW844, found.get(0).getDN());
    }
  }

  @Test
  void seedPassword_replacesTheFilesDefaultPassword() throws Exception {
    write("10-pharmacy.json", pharmacy("FA123", john("+447700900101")));

    try (PeopleFinderServer server = builder().seedPassword("Seed-Override-7").start();
        LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port())) {
      String john = "uid=john.smith," + FA123;
      assertEquals(ResultCode.SUCCESS, connection.bind(john, "Seed-Override-7").getResultCode());
      LDAPException e = assertThrows(LDAPException.class, () -> connection.bind(john, "File-Default-1"));
      assertEquals(ResultCode.INVALID_CREDENTIALS, e.getResultCode());
    }
  }

  @Test
  void withoutSeedPassword_theFilesDefaultPasswordBinds() throws Exception {
    write("10-pharmacy.json", pharmacy("FA123", john("+447700900101")));

    try (PeopleFinderServer server = builder().start();
        LDAPConnection connection = new LDAPConnection("127.0.0.1", server.port())) {
      assertEquals(
          ResultCode.SUCCESS, connection.bind("uid=john.smith," + FA123, "File-Default-1").getResultCode());
    }
  }
}
