package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.controls.PostReadRequestControl;
import com.unboundid.ldap.sdk.controls.PreReadRequestControl;
import java.util.List;

/**
 * The pre-read and post-read requests (RFC 4527) of one update, decoded when the request arrives,
 * so that an update queued in a transaction is answered at commit as it would have been at once.
 *
 * @param preRead the pre-read request, or null
 * @param postRead the post-read request, or null
 */
record ReadEntryControls(PreReadRequestControl preRead, PostReadRequestControl postRead) {

  /** @throws LDAPException when a control's value cannot be decoded */
  static ReadEntryControls of(List<Control> controls) throws LDAPException {
    PreReadRequestControl preRead = null;
    PostReadRequestControl postRead = null;
    for (Control control : controls) {
      if (control.getOID().equals(SupportedFeatures.PRE_READ)) {
        preRead = new PreReadRequestControl(control);
      } else if (control.getOID().equals(SupportedFeatures.POST_READ)) {
        postRead = new PostReadRequestControl(control);
      }
    }
    return new ReadEntryControls(preRead, postRead);
  }
}
