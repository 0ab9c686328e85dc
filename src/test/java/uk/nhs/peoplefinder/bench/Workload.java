package uk.nhs.peoplefinder.bench;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DereferencePolicy;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.ServerSideSortRequestControl;
import com.unboundid.ldap.sdk.controls.SortKey;
import com.unboundid.ldap.sdk.controls.VirtualListViewRequestControl;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * One kind of search the benchmark repeats: its filters (one per simulated keystroke sequence,
 * used in turn), the size limit and, for browsing, the virtual list view page asked for; always a
 * subtree search of {@code dc=nhs,dc=net} asking for the attributes an address book shows.
 *
 * @param id short name used on the command line ({@code --only}) and in the tables
 * @param sends what one request sends, for the tables and docs
 * @param filters the filters, used round-robin (each client thread starts at a different one)
 * @param sizeLimit the client's size limit (0: none)
 * @param page the VLV page asked for with server-side sort, or null
 */
record Workload(String id, String sends, List<Filter> filters, int sizeLimit, VlvPage page) {

  /**
   * A virtual list view request (draft-ietf-ldapext-ldapv3-vlv) by offset, with the server-side
   * sort (RFC 2891) it needs, both critical: a server that cannot honour them must refuse rather
   * than return the whole list unsorted.
   *
   * @param sortKey the sort key (attribute and ordering rule)
   * @param offset the target position, from 1
   * @param newList true: each request opens a new list (a new connection, no context ID), so the
   *     server sorts afresh; false: each request carries the context ID of the connection's previous
   *     response, as a client scrolling through the list does, so a server may reuse its sort
   */
  record VlvPage(SortKey sortKey, int offset, int before, int after, boolean newList) {}

  /** The attributes address-book clients ask for (Outlook and Thunderbird ask for these and more). */
  static final String[] ATTRIBUTES = {
    Attr.CN, Attr.MAIL, Attr.SN, Attr.GIVEN_NAME, Attr.DISPLAY_NAME, Attr.TELEPHONE_NUMBER
  };

  Workload {
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("workload " + id + " has no filters (empty sample?)");
    }
    filters = List.copyOf(filters);
  }

  /**
   * A fresh request for the n-th filter (requests are not shared between threads), with the VLV
   * context ID of the previous response on this connection, or null.
   */
  SearchRequest request(int n, ASN1OctetString vlvContext) {
    SearchRequest request =
        new SearchRequest(
            Attr.BASE_DN,
            SearchScope.SUB,
            DereferencePolicy.NEVER,
            sizeLimit,
            0,
            false,
            filters.get(Math.floorMod(n, filters.size())),
            ATTRIBUTES);
    if (page != null) {
      request.setControls(
          new ServerSideSortRequestControl(true, page.sortKey()),
          new VirtualListViewRequestControl(page.offset(), page.before(), page.after(), 0, vlvContext, true));
    }
    return request;
  }
}
