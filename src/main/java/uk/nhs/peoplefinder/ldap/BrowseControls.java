package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import java.util.List;

/**
 * The search controls of address-book browsing (R-BROWSE) and People Finder's explain control, as a
 * search request carries them: simple paged results (RFC 2696), server-side sort (RFC 2891),
 * virtual list view (draft-ietf-ldapext-ldapv3-vlv-09).
 */
record BrowseControls(
    SimplePagedResultsControl paged,
    ServerSideSortRequestControl sort,
    VirtualListViewRequestControl vlv,
    boolean explain) {

  static final BrowseControls NONE = new BrowseControls(null, null, null, false);

  /**
   * @throws LDAPException protocolError (2) for a control whose value does not decode, or one sent
   *     twice
   */
  static BrowseControls of(List<Control> controls) throws LDAPException {
    SimplePagedResultsControl paged = null;
    ServerSideSortRequestControl sort = null;
    VirtualListViewRequestControl vlv = null;
    boolean explain = false;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Control control : controls) {
      String oid = control.getOID();
      if (!seen.add(oid)) {
        throw new LDAPException(ResultCode.PROTOCOL_ERROR, "the control " + oid + " was sent more than once");
      }
      try {
        switch (oid) {
          case SimplePagedResultsControl.PAGED_RESULTS_OID:
            paged = new SimplePagedResultsControl(oid, control.isCritical(), control.getValue());
            break;
          case ServerSideSortRequestControl.SERVER_SIDE_SORT_REQUEST_OID:
            sort = new ServerSideSortRequestControl(control);
            break;
          case VirtualListViewRequestControl.VIRTUAL_LIST_VIEW_REQUEST_OID:
            vlv = new VirtualListViewRequestControl(control);
            break;
          case SupportedFeatures.EXPLAIN:
            explain = true;
            break;
          default:
            break;
        }
      } catch (LDAPException e) {
        throw new LDAPException(
            ResultCode.PROTOCOL_ERROR, "the control " + oid + " has a value that does not decode: " + e.getMessage());
      }
    }
    return new BrowseControls(paged, sort, vlv, explain);
  }

  /** Whether the search must come from the index (an order or a position is asked for). */
  boolean needsIndex() {
    return paged != null || sort != null || vlv != null;
  }
}
