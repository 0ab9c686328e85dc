package uk.nhs.peoplefinder.directory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.AttributeUsage;
import com.unboundid.ldap.sdk.schema.EntryValidator;
import com.unboundid.ldap.sdk.schema.ObjectClassDefinition;
import com.unboundid.ldap.sdk.schema.ObjectClassType;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NhsSchemaTest {

    private static final String ARC = "2.25.13898788690874044231628000653816355596.";
    private static final File SCHEMA_FILE = new File("ldif/00-schema.ldif");
    private static final File BASE_FILE = new File("ldif/10-base.ldif");

    /** The definitions in our schema file alone, without the standard schema. */
    private static Schema customOnly() throws Exception {
        try (InputStream in = NhsSchema.class.getResourceAsStream(NhsSchema.RESOURCE)) {
            assertNotNull(in, "ldif/00-schema.ldif is on the classpath");
            return Schema.getSchema(in);
        }
    }

    private static List<Entry> read(File file) throws Exception {
        List<Entry> entries = new ArrayList<>();
        try (LDIFReader reader = new LDIFReader(file)) {
            for (Entry e = reader.readEntry(); e != null; e = reader.readEntry()) {
                entries.add(e);
            }
        }
        assertFalse(entries.isEmpty(), file + " has entries");
        return entries;
    }

    @Test
    void loadIsCachedAndContainsStandardAndCustomDefinitions() {
        Schema schema = NhsSchema.load();
        assertSame(schema, NhsSchema.load());
        assertNotNull(schema.getObjectClass("inetOrgPerson"));
        assertNotNull(schema.getAttributeType("entryUUID"));
        assertNotNull(schema.getObjectClass(Attr.NHS_PERSON));
        assertNotNull(schema.getObjectClass(Attr.NHS_ORGANISATION));
        assertNotNull(schema.getObjectClass(Attr.NHS_SHARED_MAILBOX));
        assertNotNull(schema.getObjectClass(Attr.NHS_ADMINISTRATOR));
        for (String name : List.of(Attr.NHS_ODS_CODE, Attr.MEMBER_OF, Attr.PROXY_ADDRESSES, Attr.HAS_SUBORDINATES,
                Attr.NHS_COMPLIANCE_ISSUE, Attr.NHS_MAIL_ALIAS, Attr.NHS_ACCOUNT_LIMIT, Attr.NHS_LAST_LOGON,
                Attr.NHS_PASSWORD_HISTORY, Attr.NHS_PASSWORD_CHANGED_TIME)) {
            assertNotNull(schema.getAttributeType(name), name);
        }
    }

    @Test
    void customOidsLiveUnderTheUuidArc() throws Exception {
        Schema ours = customOnly();
        assertEquals(24, ours.getAttributeTypes().size(), "attribute types in ldif/00-schema.ldif");
        assertEquals(4, ours.getObjectClasses().size(), "object classes in ldif/00-schema.ldif");
        Set<String> oids = new HashSet<>();
        for (AttributeTypeDefinition at : ours.getAttributeTypes()) {
            assertNotNull(at.getDescription(), at.getNameOrOID() + " has a DESC");
            assertTrue(oids.add(at.getOID()), "duplicate OID " + at.getOID());
            if (at.hasNameOrOID(Attr.HAS_SUBORDINATES)) {
                assertEquals("2.5.18.9", at.getOID());
            } else {
                assertTrue(at.getOID().startsWith(ARC + "1."), at.getNameOrOID() + " OID " + at.getOID());
            }
        }
        for (ObjectClassDefinition oc : ours.getObjectClasses()) {
            assertNotNull(oc.getDescription(), oc.getNameOrOID() + " has a DESC");
            assertTrue(oids.add(oc.getOID()), "duplicate OID " + oc.getOID());
            assertTrue(oc.getOID().startsWith(ARC + "2."), oc.getNameOrOID() + " OID " + oc.getOID());
        }
        // Nothing we define may already exist in the SDK's standard schema (it would silently replace it).
        Schema standard = Schema.getDefaultStandardSchema();
        for (AttributeTypeDefinition at : ours.getAttributeTypes()) {
            for (String name : at.getNames()) {
                assertNull(standard.getAttributeType(name), name + " is already standard");
            }
        }
        for (ObjectClassDefinition oc : ours.getObjectClasses()) {
            assertNull(standard.getObjectClass(oc.getNameOrOID()), oc.getNameOrOID() + " is already standard");
        }
    }

    @Test
    void odsCodeAnswersToBothNamesCaseInsensitively() {
        Schema schema = NhsSchema.load();
        AttributeTypeDefinition ods = schema.getAttributeType("nhsOdsCode");
        assertNotNull(ods);
        assertSame(ods, schema.getAttributeType("nhsIDCode"));
        assertSame(ods, schema.getAttributeType("NHSidCODE"));
        assertSame(ods, schema.getAttributeType("NHSODSCODE"));
        assertSame(ods, schema.getAttributeType(ods.getOID()));
        assertEquals("nhsOdsCode", ods.getNameOrOID());
        assertTrue(ods.isSingleValued());
        assertSame(schema.getObjectClass("nhsPerson"), schema.getObjectClass("NHSPERSON"));
    }

    @Test
    void definitionsHaveTheIntendedShape() {
        Schema schema = NhsSchema.load();
        AttributeTypeDefinition memberOf = schema.getAttributeType(Attr.MEMBER_OF);
        assertTrue(memberOf.isNoUserModification());
        assertEquals(AttributeUsage.DSA_OPERATION, memberOf.getUsage());
        assertFalse(memberOf.isSingleValued());
        assertEquals(AttributeUsage.DSA_OPERATION, schema.getAttributeType(Attr.NHS_COMPLIANCE_ISSUE).getUsage());
        AttributeTypeDefinition hasSubs = schema.getAttributeType(Attr.HAS_SUBORDINATES);
        assertEquals(AttributeUsage.DIRECTORY_OPERATION, hasSubs.getUsage());
        assertTrue(hasSubs.isNoUserModification());
        assertFalse(schema.getAttributeType(Attr.PROXY_ADDRESSES).isSingleValued());
        assertFalse(schema.getAttributeType(Attr.NHS_MAIL_ALIAS).isSingleValued());
        assertFalse(schema.getAttributeType(Attr.NHS_ROLE).isSingleValued());
        assertTrue(schema.getAttributeType(Attr.NHS_ALT_EMAIL).isSingleValued());
        assertEquals("integerOrderingMatch", schema.getAttributeType(Attr.NHS_ACCOUNT_LIMIT).getOrderingMatchingRule());

        ObjectClassDefinition org = schema.getObjectClass(Attr.NHS_ORGANISATION);
        assertEquals(ObjectClassType.STRUCTURAL, org.getObjectClassType());
        assertTrue(org.getSuperiorClasses(schema, false).contains(schema.getObjectClass("organizationalUnit")));
        ObjectClassDefinition person = schema.getObjectClass(Attr.NHS_PERSON);
        assertEquals(ObjectClassType.STRUCTURAL, person.getObjectClassType());
        assertTrue(person.getSuperiorClasses(schema, false).contains(schema.getObjectClass("inetOrgPerson")));
        assertEquals(ObjectClassType.STRUCTURAL, schema.getObjectClass(Attr.NHS_SHARED_MAILBOX).getObjectClassType());
        assertEquals(ObjectClassType.AUXILIARY, schema.getObjectClass(Attr.NHS_ADMINISTRATOR).getObjectClassType());
    }

    @Test
    void schemaFileOnDiskMatchesTheClasspathCopy() throws Exception {
        // The test reads the files on disk; make sure they are the same ones the server loads.
        assertEquals(customOnly(), Schema.getSchema(SCHEMA_FILE));
    }

    @Test
    void baseEntriesAreValidAgainstTheSchema() throws Exception {
        EntryValidator validator = new EntryValidator(NhsSchema.load());
        List<Entry> all = new ArrayList<>(read(BASE_FILE));
        Set<DN> seen = new HashSet<>();
        for (Entry entry : all) {
            List<String> reasons = new ArrayList<>();
            assertTrue(validator.entryIsValid(entry, reasons), entry.getDN() + " is invalid: " + reasons);
            DN dn = entry.getParsedDN();
            assertTrue(seen.add(dn), "duplicate entry " + dn);
            DN parent = dn.getParent();
            if (!dn.equals(new DN(Attr.BASE_DN))) {
                assertTrue(seen.contains(parent), entry.getDN() + " comes before its parent " + parent);
            }
            assertTrue(dn.isDescendantOf(Attr.BASE_DN, true), entry.getDN());
            assertFalse(entry.hasAttribute(Attr.USER_PASSWORD), entry.getDN() + " has no password");
            assertFalse(entry.hasAttribute(Attr.MEMBER_OF), entry.getDN() + " has no memberOf");
            for (Attribute a : entry.getAttributes()) {
                AttributeTypeDefinition at = NhsSchema.load().getAttributeType(a.getBaseName());
                assertFalse(at.isOperational(), entry.getDN() + " has operational attribute " + a.getName());
            }
        }
        for (String dn : List.of(Attr.ORGANISATIONS_DN, Attr.ADMINS_DN, Attr.NAS_ADMIN_DN, Attr.HELPDESK_DN)) {
            assertTrue(seen.contains(new DN(dn)), dn + " is in ldif/10-base.ldif");
        }
        for (String sector : List.of("Pharmacy", "Care", "Dental", "GP", "Trust", "ICB", "Other")) {
            assertTrue(seen.contains(new DN("ou=" + sector + "," + Attr.ORGANISATIONS_DN)), sector);
        }
    }

}
