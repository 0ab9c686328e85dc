package uk.nhs.peoplefinder.search;

import com.unboundid.ldap.sdk.Filter;
import java.util.ArrayList;
import java.util.List;
import uk.nhs.peoplefinder.directory.Attr;

/**
 * Ambiguous name resolution as Active Directory does it (R-FUZZY): {@code (anr=V)} becomes a prefix
 * match of V over the ANR attribute set, {@code (anr==V)} an exact match, and a value with a space
 * ("First Last") is also tried as givenName=First* and sn=Last* and the other way round.
 *
 * <p>The expansion is an ordinary LDAP filter, so the index and a brute-force scan answer it alike.
 * NOTE: {@code proxyAddresses} values carry a type prefix ({@code SMTP:a@nhs.net}); like Exchange,
 * ANR matches the address after it as well as the whole value.
 */
public final class Anr {
  public static final String ATTRIBUTE = "anr";

  static final List<String> ATTRIBUTES =
      List.of(
          Attr.DISPLAY_NAME,
          Attr.CN,
          Attr.GIVEN_NAME,
          Attr.SN,
          Attr.MAIL,
          Attr.NHS_MAIL_ALIAS,
          Attr.PROXY_ADDRESSES,
          Attr.UID,
          Attr.PHYSICAL_DELIVERY_OFFICE_NAME);

  private Anr() {}

  /** The filter with every {@code (anr=…)} item replaced by its expansion. */
  public static Filter expand(Filter filter) {
    switch (filter.getFilterType()) {
      case Filter.FILTER_TYPE_AND:
      case Filter.FILTER_TYPE_OR:
        {
          Filter[] components = filter.getComponents();
          Filter[] expanded = new Filter[components.length];
          boolean changed = false;
          for (int i = 0; i < components.length; i++) {
            expanded[i] = expand(components[i]);
            changed |= expanded[i] != components[i];
          }
          if (!changed) {
            return filter;
          }
          return filter.getFilterType() == Filter.FILTER_TYPE_AND
              ? Filter.createANDFilter(expanded)
              : Filter.createORFilter(expanded);
        }
      case Filter.FILTER_TYPE_NOT:
        {
          Filter inner = expand(filter.getNOTComponent());
          return inner == filter.getNOTComponent() ? filter : Filter.createNOTFilter(inner);
        }
      case Filter.FILTER_TYPE_EQUALITY:
        return ATTRIBUTE.equalsIgnoreCase(filter.getAttributeName())
            ? expansion(filter.getAssertionValue())
            : filter;
      default:
        return filter;
    }
  }

  static Filter expansion(String raw) {
    boolean exact = raw.startsWith("=");
    String value = (exact ? raw.substring(1) : raw).trim().replaceAll("\\s+", " ");
    if (value.isEmpty()) {
      return Filter.createORFilter(); // matches nothing, like an empty ANR in Active Directory
    }
    List<Filter> any = new ArrayList<>();
    for (String attribute : ATTRIBUTES) {
      any.add(match(attribute, value, exact));
      if (attribute.equals(Attr.PROXY_ADDRESSES)) {
        any.add(match(attribute, "smtp:" + value, exact));
      }
    }
    int space = value.indexOf(' ');
    if (space > 0) {
      String first = value.substring(0, space);
      String rest = value.substring(space + 1);
      any.add(Filter.createANDFilter(match(Attr.GIVEN_NAME, first, exact), match(Attr.SN, rest, exact)));
      any.add(Filter.createANDFilter(match(Attr.GIVEN_NAME, rest, exact), match(Attr.SN, first, exact)));
    }
    return Filter.createORFilter(any);
  }

  private static Filter match(String attribute, String value, boolean exact) {
    return exact
        ? Filter.createEqualityFilter(attribute, value)
        : Filter.createSubstringFilter(attribute, value, null, null);
  }
}
