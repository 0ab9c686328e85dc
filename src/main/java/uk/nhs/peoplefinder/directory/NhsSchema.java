package uk.nhs.peoplefinder.directory;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;

import java.io.IOException;
import java.io.InputStream;

/** The directory schema: the SDK's standard schema merged with People Finder's own definitions from {@code ldif/00-schema.ldif}. */
public final class NhsSchema {

    /** Classpath location of the custom schema (the top-level {@code ldif/} directory is packaged under {@code /ldif}). */
    public static final String RESOURCE = "/ldif/00-schema.ldif";

    /** Loaded once (the schema is immutable); not a class-initialiser holder, so a failure stays an IllegalStateException. */
    private static volatile Schema cached;

    private NhsSchema() {
    }

    /**
     * Returns the merged schema (standard + custom). The result is immutable and loaded once.
     *
     * @throws IllegalStateException if {@code ldif/00-schema.ldif} is missing or cannot be parsed
     */
    public static Schema load() {
        Schema schema = cached;
        if (schema == null) {
            synchronized (NhsSchema.class) {
                schema = cached;
                if (schema == null) {
                    schema = read();
                    cached = schema;
                }
            }
        }
        return schema;
    }

    private static Schema read() {
        try (InputStream in = NhsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema file ldif/00-schema.ldif not found on the classpath (" + RESOURCE + ")");
            }
            Schema ours = Schema.getSchema(in);
            if (ours == null) {
                throw new IllegalStateException("schema file ldif/00-schema.ldif (" + RESOURCE + ") contains no schema entry");
            }
            return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), ours);
        } catch (IOException | LDIFException | LDAPException e) {
            throw new IllegalStateException("cannot load schema file ldif/00-schema.ldif (" + RESOURCE + "): " + e.getMessage(), e);
        }
    }
}
