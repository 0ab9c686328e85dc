package uk.nhs.peoplefinder.seed;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import java.io.IOException;
import java.io.InputStream;
import uk.nhs.peoplefinder.directory.Requester;
import uk.nhs.peoplefinder.directory.StartupFailure;
import uk.nhs.peoplefinder.provisioning.Change;
import uk.nhs.peoplefinder.provisioning.RuleViolation;
import uk.nhs.peoplefinder.provisioning.WritePipeline;

/** Loads LDIF entries (the base tree, LDIF seed files) through the write pipeline, as the server. */
public final class LdifSeed {
  private LdifSeed() {}

  /**
   * @param source how the file is named in error messages
   * @return the number of entries added
   * @throws StartupFailure naming the file, and the line or the entry, on the first bad entry
   */
  public static int load(WritePipeline pipeline, String source, InputStream in) {
    int added = 0;
    try (LDIFReader reader = new LDIFReader(in)) {
      while (true) {
        Entry entry;
        try {
          entry = reader.readEntry();
        } catch (LDIFException e) {
          throw new StartupFailure(source + " line " + e.getLineNumber() + ": " + e.getMessage(), e);
        }
        if (entry == null) {
          return added;
        }
        try {
          pipeline.submit(Requester.SYSTEM, new Change.Add(entry));
        } catch (RuleViolation e) {
          throw new StartupFailure(source + ": entry " + entry.getDN() + ": " + e.getMessage(), e);
        }
        added++;
      }
    } catch (IOException e) {
      throw new StartupFailure(source + ": cannot read: " + e.getMessage(), e);
    }
  }
}
