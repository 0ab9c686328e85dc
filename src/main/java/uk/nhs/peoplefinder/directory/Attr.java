package uk.nhs.peoplefinder.directory;

/** The one home for the attribute, object-class and fixed DN names the product uses, spelled as in the schema. */
public final class Attr {

    private Attr() {
    }

    // ---- fixed DNs ----------------------------------------------------------------------------
    public static final String BASE_DN = "dc=nhs,dc=net";
    public static final String ORGANISATIONS_DN = "ou=Organisations," + BASE_DN;
    public static final String ADMINS_DN = "ou=Admins," + BASE_DN;
    public static final String NAS_ADMIN_DN = "uid=nas.admin," + ADMINS_DN;
    public static final String HELPDESK_DN = "uid=helpdesk," + ADMINS_DN;
    public static final String SCHEMA_DN = "cn=schema";

    /** Sector containers under {@link #ORGANISATIONS_DN}. */
    public static final String PHARMACY_DN = "ou=Pharmacy," + ORGANISATIONS_DN;
    public static final String CARE_DN = "ou=Care," + ORGANISATIONS_DN;
    public static final String DENTAL_DN = "ou=Dental," + ORGANISATIONS_DN;
    public static final String GP_DN = "ou=GP," + ORGANISATIONS_DN;
    public static final String TRUST_DN = "ou=Trust," + ORGANISATIONS_DN;
    public static final String ICB_DN = "ou=ICB," + ORGANISATIONS_DN;
    public static final String OTHER_DN = "ou=Other," + ORGANISATIONS_DN;

    /** The domain of every address in the directory. */
    public static final String MAIL_DOMAIN = "nhs.net";

    // ---- standard attributes ------------------------------------------------------------------
    public static final String OBJECT_CLASS = "objectClass";
    public static final String DC = "dc";
    public static final String O = "o";
    public static final String OU = "ou";
    public static final String UID = "uid";
    public static final String MAIL = "mail";
    public static final String CN = "cn";
    public static final String SN = "sn";
    public static final String GIVEN_NAME = "givenName";
    public static final String DISPLAY_NAME = "displayName";
    public static final String TITLE = "title";
    public static final String DESCRIPTION = "description";
    public static final String MOBILE = "mobile";
    public static final String TELEPHONE_NUMBER = "telephoneNumber";
    public static final String L = "l";
    public static final String POSTAL_CODE = "postalCode";
    public static final String PHYSICAL_DELIVERY_OFFICE_NAME = "physicalDeliveryOfficeName";
    public static final String MEMBER = "member";
    public static final String OWNER = "owner";
    public static final String USER_PASSWORD = "userPassword";

    // ---- standard operational attributes ------------------------------------------------------
    public static final String ENTRY_UUID = "entryUUID";
    public static final String ENTRY_DN = "entryDN";
    public static final String CREATE_TIMESTAMP = "createTimestamp";
    public static final String CREATORS_NAME = "creatorsName";
    public static final String MODIFY_TIMESTAMP = "modifyTimestamp";
    public static final String MODIFIERS_NAME = "modifiersName";
    public static final String SUBSCHEMA_SUBENTRY = "subschemaSubentry";
    public static final String NUM_SUBORDINATES = "numSubordinates";
    /** Standard X.501 (2.5.18.9) but defined in our schema file because the SDK's bundled schema lacks it. */
    public static final String HAS_SUBORDINATES = "hasSubordinates";

    // ---- People Finder attributes (ldif/00-schema.ldif) ---------------------------------------
    public static final String NHS_ODS_CODE = "nhsOdsCode";
    /** Alias of {@link #NHS_ODS_CODE}, the NHS Spine Directory Service spelling. */
    public static final String NHS_ID_CODE = "nhsIDCode";
    public static final String NHS_ORG_STATUS = "nhsOrgStatus";
    public static final String NHS_ORG_TYPE = "nhsOrgType";
    public static final String NHS_DSPT_STATUS = "nhsDsptStatus";
    public static final String NHS_ACCOUNT_LIMIT = "nhsAccountLimit";
    public static final String NHS_LIMIT_APPROVED_BY = "nhsLimitApprovedBy";
    public static final String NHS_MAILBOX_FORMAT = "nhsMailboxFormat";
    public static final String NHS_MAIL_ALIAS = "nhsMailAlias";
    public static final String NHS_HIDE_FROM_ADDRESS_LISTS = "nhsHideFromAddressLists";
    public static final String PROXY_ADDRESSES = "proxyAddresses";
    public static final String NHS_HIDE_MOBILE = "nhsHideMobile";
    public static final String NHS_ALT_EMAIL = "nhsAltEmail";
    public static final String NHS_ACCOUNT_KIND = "nhsAccountKind";
    public static final String NHS_ROLE = "nhsRole";
    public static final String NHS_ACCOUNT_STATUS = "nhsAccountStatus";
    public static final String NHS_MFA_METHOD = "nhsMfaMethod";
    public static final String NHS_LAST_LOGON = "nhsLastLogon";
    public static final String NHS_LEAVER_SINCE = "nhsLeaverSince";
    /** Operational (dSAOperation), computed from the {@link #MEMBER} values of shared mailboxes. */
    public static final String MEMBER_OF = "memberOf";
    /** Operational (dSAOperation), computed: one value per open compliance problem, starting with the rule id. */
    public static final String NHS_COMPLIANCE_ISSUE = "nhsComplianceIssue";
    /** Operational (directoryOperation): time-prefixed hashes of earlier passwords (R-PASSWORD). */
    public static final String NHS_PASSWORD_HISTORY = "nhsPasswordHistory";
    /** Operational (directoryOperation): when the current password was set (R-PASSWORD expiry). */
    public static final String NHS_PASSWORD_CHANGED_TIME = "nhsPasswordChangedTime";
    public static final String NHS_PASSWORD_MUST_CHANGE = "nhsPasswordMustChange";

    // ---- object classes -----------------------------------------------------------------------
    public static final String TOP = "top";
    public static final String DOMAIN = "domain";
    public static final String ORGANIZATIONAL_UNIT = "organizationalUnit";
    public static final String PERSON = "person";
    public static final String ORGANIZATIONAL_PERSON = "organizationalPerson";
    public static final String INET_ORG_PERSON = "inetOrgPerson";
    public static final String NHS_ORGANISATION = "nhsOrganisation";
    public static final String NHS_SHARED_MAILBOX = "nhsSharedMailbox";
    public static final String NHS_PERSON = "nhsPerson";
    public static final String NHS_ADMINISTRATOR = "nhsAdministrator";

    // ---- well-known values --------------------------------------------------------------------
    /** {@link #NHS_ROLE} values. */
    public static final String ROLE_NAS_ADMIN = "nasAdmin";
    public static final String ROLE_HELPDESK = "helpdesk";
    public static final String ROLE_LOCAL_ADMIN = "localAdmin";
}
