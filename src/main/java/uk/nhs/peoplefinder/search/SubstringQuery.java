package uk.nhs.peoplefinder.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.lucene.index.FilteredTermsEnum;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.MultiTermQuery;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.util.AttributeSource;
import org.apache.lucene.util.BytesRef;

/**
 * The values that match an LDAP substring assertion {@code initial*any*…*final} (components already
 * normalised by the attribute's substring rule): a walk over the terms from the initial on, each
 * matched left to right with the components.
 *
 * <p>NOTE: Lucene's WildcardQuery does the same by compiling an automaton, and compiling one per
 * search (a few for every Thunderbird request) cost more than the walk itself.
 */
final class SubstringQuery extends MultiTermQuery {
  private final BytesRef initial;
  private final List<BytesRef> any;
  private final BytesRef last;

  /**
   * @param initial the initial component, or null
   * @param any the middle components, in order
   * @param last the final component, or null
   */
  SubstringQuery(String field, String initial, List<String> any, String last) {
    super(field, CONSTANT_SCORE_BLENDED_REWRITE);
    this.initial = new BytesRef(initial == null ? "" : initial);
    List<BytesRef> middle = new ArrayList<>();
    for (String component : any) {
      middle.add(new BytesRef(component));
    }
    this.any = List.copyOf(middle);
    this.last = new BytesRef(last == null ? "" : last);
  }

  @Override
  protected TermsEnum getTermsEnum(Terms terms, AttributeSource atts) throws IOException {
    return new FilteredTermsEnum(terms.iterator(), initial.length > 0) {
      {
        if (initial.length > 0) {
          setInitialSeekTerm(initial);
        }
      }

      @Override
      protected AcceptStatus accept(BytesRef term) {
        if (!startsWith(term, initial)) {
          return AcceptStatus.END; // terms are in byte order: none later starts with it either
        }
        return matches(term) ? AcceptStatus.YES : AcceptStatus.NO;
      }
    };
  }

  /** Whether a term that starts with the initial holds the middle components in order, then the final one. */
  boolean matches(BytesRef term) {
    int from = term.offset + initial.length;
    int end = term.offset + term.length;
    for (BytesRef component : any) {
      int at = indexOf(term.bytes, from, end, component);
      if (at < 0) {
        return false;
      }
      from = at + component.length;
    }
    if (last.length == 0) {
      return true;
    }
    return end - from >= last.length && regionEquals(term.bytes, end - last.length, last);
  }

  private static boolean startsWith(BytesRef term, BytesRef prefix) {
    return term.length >= prefix.length && regionEquals(term.bytes, term.offset, prefix);
  }

  private static int indexOf(byte[] bytes, int from, int end, BytesRef component) {
    for (int i = from; i + component.length <= end; i++) {
      if (regionEquals(bytes, i, component)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean regionEquals(byte[] bytes, int at, BytesRef component) {
    for (int i = 0; i < component.length; i++) {
      if (bytes[at + i] != component.bytes[component.offset + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    if (visitor.acceptField(field)) {
      visitor.visitLeaf(this);
    }
  }

  @Override
  public String toString(String defaultField) {
    StringBuilder out = new StringBuilder();
    if (!field.equals(defaultField)) {
      out.append(field).append(':');
    }
    out.append(initial.utf8ToString()).append('*');
    for (BytesRef component : any) {
      out.append(component.utf8ToString()).append('*');
    }
    return out.append(last.utf8ToString()).toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SubstringQuery that
        && field.equals(that.field)
        && initial.equals(that.initial)
        && any.equals(that.any)
        && last.equals(that.last);
  }

  @Override
  public int hashCode() {
    return Objects.hash(field, initial, any, last);
  }
}
