package uk.nhs.peoplefinder.seed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.util.StaticUtils;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.nhs.peoplefinder.directory.Addresses;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.directory.OdsCode;
import uk.nhs.peoplefinder.directory.OrgType;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.DirectoryView;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.WritePipeline;

/**
 * Loads seed JSON files (docs/seed-data.md) through the write pipeline, as the server: each
 * organisation, then its shared mailbox, then its people, file by file; then every link. Files
 * are read as streams, one organisation at a time, so a national directory loads in constant
 * memory (apart from the pending links).
 *
 * <p>The first problem stops loading with one line naming the file, the JSON path and the rule.
 */
public final class JsonSeed {
  /** Replaces the seed files' default password (SPEC §2). */
  public static final String PASSWORD_VARIABLE = "PEOPLE_FINDER_SEED_PASSWORD";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private final WritePipeline pipeline;
  private final String passwordOverride;
  // ODS code of the mailbox's organisation → links to add, in seed order
  private final Map<String, List<PendingLink>> links = new LinkedHashMap<>();
  private int organisations;
  private int accounts;

  /** What was loaded. */
  public record Summary(int organisations, int accounts, int links) {}

  private record PendingLink(String personDn, boolean owner, String source, String path) {}

  /** @param passwordOverride replaces every file's default password when not null */
  public JsonSeed(WritePipeline pipeline, String passwordOverride) {
    this.pipeline = pipeline;
    this.passwordOverride = passwordOverride == null || passwordOverride.isEmpty() ? null : passwordOverride;
  }

  /**
   * Loads one file's organisations, mailboxes and accounts; links wait for {@link #finish}.
   *
   * @param source how the file is named in error messages
   */
  public void load(String source, InputStream in) {
    try (JsonParser parser = MAPPER.getFactory().createParser(in)) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, source, "$", "an object {\"organisations\": [...]}");
      String defaultPassword = null;
      boolean sawOrganisations = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "defaultPassword" -> {
            // NOTE: organisations are loaded as they stream past, so a later default would be ignored.
            require(!sawOrganisations, source, "$.defaultPassword", "must come before organisations in the file");
            expect(value, JsonToken.VALUE_STRING, source, "$.defaultPassword", "a string");
            defaultPassword = parser.getText();
          }
          case "organisations" -> {
            if (sawOrganisations) {
              throw failure(source, "$.organisations", "appears twice");
            }
            sawOrganisations = true;
            expect(value, JsonToken.START_ARRAY, source, "$.organisations", "an array of organisations");
            String password = passwordOverride != null ? passwordOverride : defaultPassword;
            int index = 0;
            JsonToken element;
            while ((element = parser.nextToken()) == JsonToken.START_OBJECT) {
              String path = "$.organisations[" + index + "]";
              organisation(source, path, read(parser, source, path), password);
              index++;
            }
            // NOTE: anything but the array's end is an error, or the rest of the file would be skipped.
            expect(element, JsonToken.END_ARRAY, source, "$.organisations[" + index + "]", "an organisation object");
          }
          default -> throw failure(
              source, "$." + field, "unknown field; a seed file has defaultPassword and organisations");
        }
      }
      if (!sawOrganisations) {
        throw failure(source, "$", "no organisations array");
      }
      if (parser.nextToken() != null) {
        throw failure(source, "$", "more JSON after the file's object; a seed file holds one object");
      }
    } catch (JsonProcessingException e) {
      throw failure(source, "$", "not valid JSON: " + e.getOriginalMessage() + " at line "
          + e.getLocation().getLineNr());
    } catch (IOException e) {
      throw new StartupFailure(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Adds the pending links to the shared mailboxes, once every file is loaded. */
  public Summary finish() {
    int linked = 0;
    for (Map.Entry<String, List<PendingLink>> e : links.entrySet()) {
      String mailbox = mailboxDn(e.getKey());
      List<PendingLink> pending = e.getValue();
      if (mailbox == null) {
        PendingLink first = pending.get(0);
        throw failure(first.source(), first.path(),
            "R-MULTI: " + e.getKey() + " has no shared mailbox to link to (a legacySinglePassword mailbox is"
                + " a single login, not linked to)");
      }
      Set<String> members = new LinkedHashSet<>();
      Set<String> owners = new LinkedHashSet<>();
      for (PendingLink link : pending) {
        members.add(link.personDn());
        if (link.owner()) {
          owners.add(link.personDn());
        }
      }
      List<Modification> modifications = new ArrayList<>();
      modifications.add(new Modification(ModificationType.ADD, Attr.MEMBER, members.toArray(String[]::new)));
      if (!owners.isEmpty()) {
        modifications.add(new Modification(ModificationType.ADD, Attr.OWNER, owners.toArray(String[]::new)));
      }
      try {
        pipeline.submit(Requester.SYSTEM, new Change.Modify(mailbox, modifications));
      } catch (RuleViolation v) {
        PendingLink first = pending.get(0);
        throw failure(first.source(), first.path(), v.getMessage());
      }
      linked += members.size();
    }
    links.clear();
    return new Summary(organisations, accounts, linked);
  }

  private void organisation(String source, String path, SeedOrganisation org, String password) {
    require(org.odsCode() != null, source, path + ".odsCode", "R-ODS: every organisation needs an odsCode");
    require(org.name() != null, source, path + ".name", "R-ODS: every organisation needs a name");
    require(org.town() != null, source, path + ".town", "R-SHARED-NAME: every organisation needs its postcode town");
    OrgType type = OrgType.of(org.type());
    String container = type == null ? Attr.ORGANISATIONS_DN : type.containerDn();
    String code = org.odsCode().trim().toUpperCase(java.util.Locale.ROOT);
    String dn = "nhsOdsCode=" + code + "," + container;
    Entry entry = new Entry(dn);
    entry.addAttribute(Attr.OBJECT_CLASS, "top", "organizationalUnit", Attr.NHS_ORGANISATION);
    entry.addAttribute(Attr.NHS_ODS_CODE, code);
    entry.addAttribute(Attr.OU, org.name());
    entry.addAttribute(Attr.NHS_ORG_TYPE, org.type() == null ? "" : org.type());
    entry.addAttribute(Attr.NHS_ORG_STATUS, org.status() == null ? "active" : org.status());
    optional(entry, Attr.L, org.town());
    optional(entry, Attr.POSTAL_CODE, org.postcode());
    optional(entry, Attr.NHS_DSPT_STATUS, org.dspt());
    optional(entry, Attr.NHS_ACCOUNT_LIMIT, org.accountLimit() == null ? null : org.accountLimit().toString());
    optional(entry, Attr.NHS_LIMIT_APPROVED_BY, org.limitApprovedBy());
    try {
      pipeline.submit(Requester.SYSTEM, new Change.Add(entry));
    } catch (RuleViolation v) {
      if (v.reason() == RuleViolation.Reason.ALREADY_EXISTS) {
        // The same code, in any case, in the same container: the DN exists before R-ODS runs.
        throw failure(source, path + ".odsCode", "R-ODS: " + code + " is used twice; ODS codes are unique");
      }
      String field = organisationField(v.getMessage());
      throw failure(source, field == null ? path : path + "." + field, v.getMessage());
    }
    organisations++;
    String orgDn = "nhsOdsCode=" + code + "," + container;
    if (org.sharedMailbox() != null) {
      mailbox(source, path + ".sharedMailbox", org, orgDn, password);
    }
    List<SeedPerson> people = org.people();
    for (int i = 0; i < people.size(); i++) {
      person(source, path + ".people[" + i + "]", people.get(i), orgDn, password);
    }
  }

  private void mailbox(String source, String path, SeedOrganisation org, String orgDn, String password) {
    SeedMailbox box = org.sharedMailbox();
    String format = box.format() == null ? "current" : box.format();
    Entry entry = new Entry("uid=new," + orgDn);
    if (format.equals("legacySinglePassword")) {
      // A personal account in all but use: one login shared by the pharmacy (R-LEGACY).
      entry.addAttribute(Attr.OBJECT_CLASS, "top", "person", "organizationalPerson", "inetOrgPerson", Attr.NHS_PERSON);
      entry.addAttribute(Attr.SN, org.name());
      entry.addAttribute(Attr.NHS_ACCOUNT_STATUS, "active");
      String shared = box.password() != null ? box.password() : password;
      optional(entry, Attr.USER_PASSWORD, shared);
    } else {
      require(box.password() == null, source, path + ".password",
          "R-SHARED-LOGIN: nobody logs in to a shared mailbox; only a legacySinglePassword mailbox has a password");
      entry.addAttribute(Attr.OBJECT_CLASS, "top", Attr.NHS_SHARED_MAILBOX);
    }
    entry.addAttribute(Attr.NHS_MAILBOX_FORMAT, format);
    if (Boolean.TRUE.equals(box.hideFromAddressLists())) {
      entry.addAttribute(Attr.NHS_HIDE_FROM_ADDRESS_LISTS, "TRUE");
    }
    for (String alias : box.aliases()) {
      entry.addAttribute(Attr.NHS_MAIL_ALIAS, alias.contains("@") ? alias : Addresses.mail(alias));
    }
    submit(new Change.Add(entry, true), source, path, Map.of("R-LEGACY", "format", "R-SHARED-NAME", "format"));
    accounts++;
  }

  private void person(String source, String path, SeedPerson person, String orgDn, String password) {
    boolean application = "application".equalsIgnoreCase(person.kind());
    require(person.kind() == null || application || "person".equalsIgnoreCase(person.kind()),
        source, path + ".kind", "kind is person or application, not '" + person.kind() + "'");
    Entry entry = new Entry("uid=new," + orgDn);
    entry.addAttribute(Attr.OBJECT_CLASS, "top", "person", "organizationalPerson", "inetOrgPerson", Attr.NHS_PERSON);
    String status = person.status() == null ? "active" : person.status();
    if (application) {
      require(person.purpose() != null, source, path + ".purpose",
          "R-APP-NAME: an application account needs a purpose, e.g. reminders");
      require(person.givenName() == null, source, path + ".givenName",
          "R-APP-NAME: an application account is named for its purpose and has no givenName");
      require(person.surname() == null, source, path + ".surname",
          "R-APP-NAME: an application account is named for its purpose and has no surname");
      entry.addAttribute(Attr.NHS_ACCOUNT_KIND, "application");
      entry.addAttribute(Attr.SN, person.purpose());
    } else {
      require(person.givenName() != null && person.surname() != null, source, path,
          "R-PERSON-NAME: a person needs givenName and surname");
      require(person.purpose() == null, source, path + ".purpose",
          "R-APP-NAME: only an application account (kind: application) has a purpose");
      require(person.mobile() != null, source, path, "R-MOBILE: a person needs a mobile (07… or +447…)");
      require(person.altEmail() != null, source, path,
          "R-MOBILE: a person needs an alternative e-mail address (altEmail)");
      entry.addAttribute(Attr.NHS_ACCOUNT_KIND, "person");
      entry.addAttribute(Attr.GIVEN_NAME, person.givenName());
      entry.addAttribute(Attr.SN, person.surname());
      entry.addAttribute(Attr.NHS_HIDE_MOBILE, Boolean.TRUE.equals(person.hideMobile()) ? "TRUE" : "FALSE");
    }
    entry.addAttribute(Attr.NHS_ACCOUNT_STATUS, status);
    optional(entry, Attr.MOBILE, person.mobile());
    optional(entry, Attr.NHS_ALT_EMAIL, person.altEmail());
    optional(entry, Attr.TITLE, person.title());
    optional(entry, Attr.TELEPHONE_NUMBER, person.telephone());
    optional(entry, Attr.NHS_MFA_METHOD, person.mfa());
    optional(entry, Attr.NHS_ROLE, person.role());
    optional(entry, Attr.NHS_LEAVER_SINCE, generalizedTime(person.leaverSince(), source, path + ".leaverSince"));
    String own = person.password() != null ? person.password() : "active".equals(status) ? password : null;
    optional(entry, Attr.USER_PASSWORD, own);
    String dn =
        submit(new Change.Add(entry, true), source, path,
                Map.of("R-MOBILE", "mobile", "R-PERSON-NAME", "givenName", "R-APP-NAME", "purpose",
                    "R-DISPLAY", "givenName"))
            .getDN();
    accounts++;
    Set<String> linkedTo = new java.util.HashSet<>();
    for (int i = 0; i < person.links().size(); i++) {
      SeedLink link = person.links().get(i);
      String linkPath = path + ".links[" + i + "]";
      require(link.odsCode() != null, source, linkPath + ".odsCode", "a link names the odsCode of an organisation");
      String ods;
      try {
        ods = OdsCode.of(link.odsCode()).value();
      } catch (IllegalArgumentException e) {
        throw failure(source, linkPath + ".odsCode", e.getMessage());
      }
      require(linkedTo.add(ods), source, linkPath + ".odsCode", "R-MULTI: linked to " + ods + " twice");
      links.computeIfAbsent(ods, k -> new ArrayList<>())
          .add(new PendingLink(dn, Boolean.TRUE.equals(link.owner()), source, linkPath + ".odsCode"));
    }
  }

  /**
   * The seed field an organisation's refusal is about (R-ODS covers type, status and DSPT too), or
   * null for the organisation as a whole.
   */
  private static String organisationField(String message) {
    if (message.contains(Attr.NHS_ORG_TYPE)) {
      return "type";
    }
    if (message.contains(Attr.NHS_ORG_STATUS)) {
      return "status";
    }
    if (message.contains(Attr.NHS_DSPT_STATUS)) {
      return "dspt";
    }
    if (message.startsWith("R-LIMIT")) {
      return "accountLimit";
    }
    return message.startsWith("R-ODS") ? "odsCode" : null;
  }

  private Entry submit(Change change, String source, String path, Map<String, String> fieldsByRule) {
    try {
      return pipeline.submit(Requester.SYSTEM, change).after();
    } catch (RuleViolation v) {
      String message = v.getMessage();
      String rule = message.contains(":") ? message.substring(0, message.indexOf(':')) : "";
      String field = fieldsByRule.get(rule);
      throw failure(source, field == null ? path : path + "." + field, message);
    }
  }

  private String mailboxDn(String odsCode) {
    DirectoryView view = pipeline.view();
    List<String> holders = view.lookup(Attr.NHS_ODS_CODE, odsCode);
    for (String key : holders == null ? List.<String>of() : holders) {
      Entry entry = view.get(key);
      if (entry != null && entry.hasObjectClass(Attr.NHS_SHARED_MAILBOX)) {
        return entry.getDN();
      }
    }
    return null;
  }

  private static SeedOrganisation read(JsonParser parser, String source, String path) throws IOException {
    try {
      return MAPPER.readValue(parser, SeedOrganisation.class);
    } catch (JsonMappingException e) {
      StringBuilder at = new StringBuilder(path);
      for (JsonMappingException.Reference ref : e.getPath()) {
        if (ref.getFieldName() != null) {
          at.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          at.append('[').append(ref.getIndex()).append(']');
        }
      }
      String problem = e.getOriginalMessage();
      if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
        problem = "unknown field; known fields here: " + u.getKnownPropertyIds();
      }
      throw failure(source, at.toString(), problem);
    }
  }

  private static String generalizedTime(String isoDate, String source, String path) {
    if (isoDate == null) {
      return null;
    }
    try {
      LocalDate date = LocalDate.parse(isoDate);
      return StaticUtils.encodeGeneralizedTime(Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant()));
    } catch (DateTimeParseException e) {
      throw failure(source, path, "'" + isoDate + "' is not a date like 2026-11-01");
    }
  }

  private static void optional(Entry entry, String attribute, String value) {
    if (value != null && !value.isEmpty()) {
      entry.addAttribute(attribute, value);
    }
  }

  private static void expect(JsonToken actual, JsonToken expected, String source, String path, String what) {
    if (actual != expected) {
      throw failure(source, path, "expected " + what);
    }
  }

  private static void require(boolean condition, String source, String path, String message) {
    if (!condition) {
      throw failure(source, path, message);
    }
  }

  private static StartupFailure failure(String source, String path, String message) {
    return new StartupFailure(source + ": " + path + ": " + message);
  }
}
