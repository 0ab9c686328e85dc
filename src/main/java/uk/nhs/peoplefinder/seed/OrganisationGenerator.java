package uk.nhs.peoplefinder.seed;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes the people and shared mailbox of one planned organisation and writes it as one seed
 * organisation ({@link SeedOrganisation}'s fields, absent ones left out).
 *
 * <p>Each organisation draws from its own random stream, seeded from the run's seed and its index,
 * so files can be written in any order, or at once, and still come out byte for byte the same.
 */
final class OrganisationGenerator {
  // Account statuses (cumulative): the first account of an organisation is always active.
  private static final double LEAVER = 0.01;
  private static final double PENDING = LEAVER + 0.03;
  private static final double LOCKED = PENDING + 0.003;
  private static final double INACTIVE = LOCKED + 0.005;

  private static final double HIDE_MOBILE = 0.03;
  private static final double TELEPHONE = 0.35;
  private static final double LOCAL_ADMIN = 0.10;
  private static final double APPLICATION = 0.02;
  // Locums and multi-site staff: about a third of active pharmacy staff, 1% of all accounts (R-MULTI).
  private static final double SECOND_PHARMACY = 0.35;
  private static final int MAX_SECOND_PHARMACY = 3;
  private static final double SECOND_OWNER = 0.3;
  private static final double HIDDEN_MAILBOX = 0.005;
  private static final double RAISED_LIMIT = 0.005;
  private static final int ACCOUNT_LIMIT = 10;
  private static final int RAISED_ACCOUNT_LIMIT = 15;
  private static final LocalDate FIRST_LEAVER_DAY = LocalDate.of(2026, 1, 1);
  private static final int LEAVER_DAYS = 181;

  private static final Weighted<String> DSPT =
      Weighted.parse("standardsMet 92, approachingStandards 6, notMet 2", s -> s);
  private static final Weighted<String> MFA = Weighted.parse("authenticator 80, sms 12, call 4, none 4", s -> s);
  private static final Weighted<String> PURPOSE =
      Weighted.parse("reminders 50, prescriptions 30, appointments 15, deliveries 5", s -> s);
  private static final Weighted<String> ALT_DOMAIN =
      Weighted.parse("example.com 50, example.org 25, example.net 25", s -> s);

  /** One account while its organisation is being made. */
  private static final class Account {
    String givenName;
    String surname;
    String purpose;
    String title;
    String mobile;
    String telephone;
    String altEmail;
    String status;
    boolean hideMobile;
    String mfa;
    String role;
    String leaverSince;
    boolean member;
    boolean owner;
    boolean secondPharmacy;

    boolean application() {
      return purpose != null;
    }
  }

  /** What one organisation added to the totals. */
  record Written(int accounts, int applications) {}

  private final long seed;
  private final GeneratorPlan plan;
  private final MobileNumbers mobiles;

  OrganisationGenerator(long seed, GeneratorPlan plan, MobileNumbers mobiles) {
    this.seed = seed;
    this.plan = plan;
    this.mobiles = mobiles;
  }

  Written write(int index, JsonGenerator json) throws IOException {
    GeneratorPlan.Org org = plan.orgs.get(index);
    SplittableRandom random = new SplittableRandom(SeedGenerator.mix(seed, index));
    Sector sector = org.sector();
    SyntheticPlaces.Town town = SyntheticPlaces.town(org.town());

    json.writeStartObject();
    json.writeStringField("odsCode", org.odsCode());
    json.writeStringField("name", name(org, town, random));
    json.writeStringField("type", sector.type.value());
    json.writeStringField("status", org.closed() ? "closed" : "active");
    json.writeStringField("town", town.name());
    json.writeStringField("postcode", SyntheticPlaces.postcode(town, random));
    json.writeStringField("dspt", DSPT.pick(random));
    if (org.linkable()) {
      String approvedBy = plan.approvingIcb[town.region()];
      boolean raised = sector == Sector.PHARMACY && approvedBy != null && random.nextDouble() < RAISED_LIMIT;
      json.writeNumberField("accountLimit", raised ? RAISED_ACCOUNT_LIMIT : ACCOUNT_LIMIT);
      if (raised) {
        json.writeStringField("limitApprovedBy", approvedBy);
      }
    }
    if (org.mailbox() != GeneratorPlan.Mailbox.NONE) {
      json.writeObjectFieldStart("sharedMailbox");
      json.writeStringField("format", org.mailbox().format);
      if (org.linkable() && random.nextDouble() < HIDDEN_MAILBOX) {
        json.writeBooleanField("hideFromAddressLists", true);
      }
      json.writeEndObject();
    }

    List<Account> accounts = accounts(org, random);
    json.writeArrayFieldStart("people");
    int second = plan.secondPharmacy[index];
    String secondCode = second < 0 ? null : plan.orgs.get(second).odsCode();
    int applications = 0;
    for (Account account : accounts) {
      writeAccount(json, account, org.odsCode(), secondCode);
      applications += account.application() ? 1 : 0;
    }
    json.writeEndArray();
    json.writeEndObject();
    return new Written(accounts.size(), applications);
  }

  private String name(GeneratorPlan.Org org, SyntheticPlaces.Town town, SplittableRandom random) {
    if (org.mailbox() == GeneratorPlan.Mailbox.LEGACY_SINGLE_PASSWORD) {
      return SyntheticPlaces.legacySinglePasswordName(org.legacyName());
    }
    return switch (org.sector()) {
      case PHARMACY -> SyntheticPlaces.pharmacyName(town, random);
      case CARE -> SyntheticPlaces.careName(town, random);
      case CARE_TRUST -> SyntheticPlaces.careTrustName(town);
      case DENTAL -> SyntheticPlaces.dentalName(town, random);
      case GP -> SyntheticPlaces.gpName(town, random);
      case TRUST -> SyntheticPlaces.trustName(town, random);
      case TRUST_SITE -> SyntheticPlaces.trustSiteName(town, random);
      case ICB -> SyntheticPlaces.ICBS.get(org.icb()).name();
      case OTHER -> SyntheticPlaces.otherName(town, random);
    };
  }

  private List<Account> accounts(GeneratorPlan.Org org, SplittableRandom random) {
    Sector sector = org.sector();
    boolean application = sector == Sector.PHARMACY && org.size() >= 3 && random.nextDouble() < APPLICATION;
    int persons = org.size() - (application ? 1 : 0);
    String switchboard = "01632 960" + (100 + random.nextInt(900));
    boolean localAdmin = random.nextDouble() < LOCAL_ADMIN;

    List<Account> accounts = new ArrayList<>(org.size());
    for (int p = 0; p < persons; p++) {
      Account a = new Account();
      a.status = p == 0 ? "active" : status(random);
      SyntheticNames.Name name = SyntheticNames.person(random, sector.femaleShare);
      a.givenName = name.given();
      a.surname = name.surname();
      a.title = p == 0 ? sector.leadTitle : sector.title(random);
      a.mobile = mobiles.of(org.firstAccount() + (long) p);
      a.telephone = random.nextDouble() < TELEPHONE ? switchboard : null;
      a.altEmail = altEmail(name, random);
      a.hideMobile = random.nextDouble() < HIDE_MOBILE;
      // A pending account has not logged in yet, so it has chosen no MFA method (R-ACTIVATE).
      a.mfa = a.status.equals("pending") ? null : MFA.pick(random);
      a.role = p == 0 && localAdmin ? "localAdmin" : null;
      if (a.status.equals("leaver")) {
        a.leaverSince = FIRST_LEAVER_DAY.plusDays(random.nextInt(LEAVER_DAYS)).toString();
      }
      accounts.add(a);
    }
    Account app = null;
    if (application) {
      app = new Account();
      app.purpose = PURPOSE.pick(random);
      app.status = "active";
      accounts.add(app);
    }
    if (org.linkable()) {
      link(accounts, app, random);
    }
    if (sector == Sector.PHARMACY && org.linkable()) {
      int second = 0;
      for (Account a : accounts) {
        if (second < MAX_SECOND_PHARMACY && !a.application() && a.status.equals("active")
            && random.nextDouble() < SECOND_PHARMACY) {
          a.secondPharmacy = true;
          second++;
        }
      }
    }
    return accounts;
  }

  private static String status(SplittableRandom random) {
    double r = random.nextDouble();
    if (r < LEAVER) {
      return "leaver";
    }
    if (r < PENDING) {
      return "pending";
    }
    if (r < LOCKED) {
      return "locked";
    }
    if (r < INACTIVE) {
      return "inactive";
    }
    return "active";
  }

  /**
   * Links 2–6 active personal accounts to the organisation's mailbox (fewer if it has fewer): the
   * first account always, as owner, and a second owner in about a third of them (R-OWNER); an
   * application account, if any, as a member. Together with at most three staff of the previous
   * pharmacy (R-MULTI) that stays within the limit of ten (R-LIMIT).
   */
  private static void link(List<Account> accounts, Account app, SplittableRandom random) {
    List<Account> eligible = new ArrayList<>();
    for (int i = 1; i < accounts.size(); i++) {
      Account a = accounts.get(i);
      if (!a.application() && a.status.equals("active")) {
        eligible.add(a);
      }
    }
    int members = Math.min(1 + random.nextInt(5), eligible.size());
    Account first = accounts.get(0);
    first.member = true;
    first.owner = true;
    for (int m = 0; m < members; m++) {
      int j = m + random.nextInt(eligible.size() - m);
      Account chosen = eligible.get(j);
      eligible.set(j, eligible.get(m));
      eligible.set(m, chosen);
      chosen.member = true;
      if (m == 0 && random.nextDouble() < SECOND_OWNER) {
        chosen.owner = true;
      }
    }
    if (app != null) {
      app.member = true;
    }
  }

  private static String altEmail(SyntheticNames.Name name, SplittableRandom random) {
    String given = name.givenPart();
    String surname = name.surnamePart();
    StringBuilder out = new StringBuilder(given.length() + surname.length() + 16);
    int form = random.nextInt(100);
    if (form < 40) {
      out.append(given).append('.').append(surname);
    } else if (form < 60) {
      out.append(given).append('.').append(surname).append(10 + random.nextInt(90));
    } else if (form < 75) {
      out.append(given.charAt(0)).append('.').append(surname);
    } else if (form < 90) {
      out.append(given).append(surname).append(random.nextInt(1000));
    } else {
      out.append(surname).append('.').append(given);
    }
    return out.append('@').append(ALT_DOMAIN.pick(random)).toString();
  }

  private static void writeAccount(JsonGenerator json, Account a, String odsCode, String secondPharmacy)
      throws IOException {
    json.writeStartObject();
    if (a.application()) {
      json.writeStringField("kind", "application");
      json.writeStringField("purpose", a.purpose);
      json.writeStringField("status", a.status);
    } else {
      json.writeStringField("givenName", a.givenName);
      json.writeStringField("surname", a.surname);
      json.writeStringField("title", a.title);
      json.writeStringField("mobile", a.mobile);
      if (a.telephone != null) {
        json.writeStringField("telephone", a.telephone);
      }
      json.writeStringField("altEmail", a.altEmail);
      json.writeStringField("status", a.status);
      json.writeBooleanField("hideMobile", a.hideMobile);
      if (a.mfa != null) {
        json.writeStringField("mfa", a.mfa);
      }
      if (a.role != null) {
        json.writeStringField("role", a.role);
      }
      if (a.leaverSince != null) {
        json.writeStringField("leaverSince", a.leaverSince);
      }
    }
    boolean second = a.secondPharmacy && secondPharmacy != null;
    if (a.member || second) {
      json.writeArrayFieldStart("links");
      if (a.member) {
        writeLink(json, odsCode, a.owner);
      }
      if (second) {
        writeLink(json, secondPharmacy, false);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static void writeLink(JsonGenerator json, String odsCode, boolean owner) throws IOException {
    json.writeStartObject();
    json.writeStringField("odsCode", odsCode);
    json.writeBooleanField("owner", owner);
    json.writeEndObject();
  }
}
