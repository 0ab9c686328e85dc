package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import uk.nhs.peoplefinder.access.ReadAccess;
import uk.nhs.peoplefinder.directory.Attr;
import uk.nhs.peoplefinder.provisioning.WritePipeline;
import uk.nhs.peoplefinder.search.CandidatePlanner;
import uk.nhs.peoplefinder.search.FilterEvaluator;
import uk.nhs.peoplefinder.search.SearchIndex;
import uk.nhs.peoplefinder.store.DirectoryStore;

/** Everything the per-connection request handlers share: the directory, its rules and settings. */
record DirectoryContext(
    Schema schema,
    DirectoryStore store,
    WritePipeline pipeline,
    CandidatePlanner planner,
    SearchIndex index,
    FilterEvaluator evaluator,
    ReadAccess readAccess,
    RequestLimits limits,
    Authenticator authenticator,
    int sizeLimit,
    int timeLimitSeconds,
    Entry rootDse,
    Entry schemaEntry) {

  static Entry newRootDse() {
    Entry dse = new Entry("");
    dse.addAttribute("objectClass", "top", "extensibleObject");
    dse.addAttribute("namingContexts", Attr.BASE_DN);
    dse.addAttribute("subschemaSubentry", Attr.SCHEMA_DN);
    dse.addAttribute("supportedLDAPVersion", "3");
    if (!SupportedFeatures.CONTROLS.isEmpty()) {
      dse.addAttribute("supportedControl", SupportedFeatures.CONTROLS);
    }
    dse.addAttribute("supportedExtension", SupportedFeatures.EXTENSIONS);
    dse.addAttribute("supportedFeatures", SupportedFeatures.FEATURES);
    dse.addAttribute("vendorName", "People Finder");
    dse.addAttribute("vendorVersion", version());
    return dse;
  }

  private static String version() {
    String version = DirectoryContext.class.getPackage().getImplementationVersion();
    return "People Finder " + (version == null ? "development build" : version);
  }
}
