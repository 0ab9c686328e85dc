package uk.nhs.peoplefinder.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import uk.nhs.peoplefinder.provisioning.RuleViolation;

/** The one place where a refusal's reason becomes an LDAP result code. */
final class ResultCodes {
  private ResultCodes() {}

  static ResultCode of(RuleViolation.Reason reason) {
    return switch (reason) {
      case NO_SUCH_OBJECT -> ResultCode.NO_SUCH_OBJECT;
      case ALREADY_EXISTS -> ResultCode.ENTRY_ALREADY_EXISTS;
      case OBJECT_CLASS_VIOLATION -> ResultCode.OBJECT_CLASS_VIOLATION;
      case OBJECT_CLASS_MODS_PROHIBITED -> ResultCode.OBJECT_CLASS_MODS_PROHIBITED;
      case UNDEFINED_ATTRIBUTE -> ResultCode.UNDEFINED_ATTRIBUTE_TYPE;
      case INVALID_SYNTAX -> ResultCode.INVALID_ATTRIBUTE_SYNTAX;
      case INVALID_DN -> ResultCode.INVALID_DN_SYNTAX;
      case NAMING_VIOLATION -> ResultCode.NAMING_VIOLATION;
      case NOT_ALLOWED_ON_NON_LEAF -> ResultCode.NOT_ALLOWED_ON_NONLEAF;
      case NOT_ALLOWED_ON_RDN -> ResultCode.NOT_ALLOWED_ON_RDN;
      case CONSTRAINT_VIOLATION -> ResultCode.CONSTRAINT_VIOLATION;
      case NO_SUCH_ATTRIBUTE -> ResultCode.NO_SUCH_ATTRIBUTE;
      case ATTRIBUTE_OR_VALUE_EXISTS -> ResultCode.ATTRIBUTE_OR_VALUE_EXISTS;
      case INSUFFICIENT_ACCESS -> ResultCode.INSUFFICIENT_ACCESS_RIGHTS;
      case UNWILLING -> ResultCode.UNWILLING_TO_PERFORM;
      case AFFECTS_MULTIPLE_DSAS -> ResultCode.AFFECTS_MULTIPLE_DSAS;
      case ASSERTION_FAILED -> ResultCode.ASSERTION_FAILED;
    };
  }

  static LDAPException toException(RuleViolation violation) {
    return new LDAPException(of(violation.reason()), violation.getMessage(), violation.matchedDn(), null);
  }
}
