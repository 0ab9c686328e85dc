package uk.nhs.peoplefinder.ldap;

/**
 * Per-request size and shape limits that the socket-level input guard enforces before the LDAP decoder runs.
 *
 * @param maxMessageBytes       largest LDAPMessage body accepted; a larger declared length ends the connection
 * @param maxNestingDepth       deepest BER nesting accepted, counting the LDAPMessage SEQUENCE itself as depth 1
 * @param maxElementsPerMessage most BER elements (of any kind) accepted in a single LDAPMessage
 */
public record InputLimits(int maxMessageBytes, int maxNestingDepth, int maxElementsPerMessage) {

    public InputLimits {
        requirePositive("maxMessageBytes", maxMessageBytes);
        requirePositive("maxNestingDepth", maxNestingDepth);
        requirePositive("maxElementsPerMessage", maxElementsPerMessage);
    }

    /** 4 MiB messages, nesting depth 32 (a search filter may then nest about 28 levels), 200,000 elements. */
    public static InputLimits defaults() {
        return new InputLimits(4 * 1024 * 1024, 32, 200_000);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, but was " + value);
        }
    }
}
