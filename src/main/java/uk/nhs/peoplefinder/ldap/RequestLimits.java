package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Limits on decoded requests, checked before anything is parsed further: DN length and RDN count
 * before a DN string is parsed, and filter size before a filter is evaluated. (Nesting depth and
 * message size are checked on the raw bytes, below the decoder: see {@link PduGuard}.)
 */
public record RequestLimits(int maxDnChars, int maxRdns, int maxFilterTerms) {

  public static RequestLimits defaults() {
    return new RequestLimits(2048, 32, 1024);
  }

  public RequestLimits {
    if (maxDnChars < 1 || maxRdns < 1 || maxFilterTerms < 1) {
      throw new IllegalArgumentException("request limits must be positive");
    }
  }

  void checkDn(String what, String dn) throws LDAPException {
    if (dn.length() > maxDnChars) {
      throw new LDAPException(
          ResultCode.ADMIN_LIMIT_EXCEEDED,
          what + " is " + dn.length() + " characters long; at most " + maxDnChars + " are accepted");
    }
    int rdns = dn.isEmpty() ? 0 : 1;
    for (int i = 0; i < dn.length(); i++) {
      char c = dn.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ',' || c == ';') {
        rdns++;
      }
    }
    if (rdns > maxRdns) {
      throw new LDAPException(
          ResultCode.ADMIN_LIMIT_EXCEEDED,
          what + " has " + rdns + " RDNs; at most " + maxRdns + " are accepted");
    }
  }

  void checkFilter(Filter filter) throws LDAPException {
    int terms = 0;
    Deque<Filter> pending = new ArrayDeque<>();
    pending.push(filter);
    while (!pending.isEmpty()) {
      Filter f = pending.pop();
      terms++;
      if (terms > maxFilterTerms) {
        throw new LDAPException(
            ResultCode.ADMIN_LIMIT_EXCEEDED,
            "the filter has more than " + maxFilterTerms + " terms; at most " + maxFilterTerms
                + " are accepted");
      }
      switch (f.getFilterType()) {
        case Filter.FILTER_TYPE_AND, Filter.FILTER_TYPE_OR -> {
          for (Filter c : f.getComponents()) {
            pending.push(c);
          }
        }
        case Filter.FILTER_TYPE_NOT -> pending.push(f.getNOTComponent());
        default -> {}
      }
    }
  }
}
