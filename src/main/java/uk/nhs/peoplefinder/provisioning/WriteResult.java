package uk.nhs.peoplefinder.provisioning;

import com.unboundid.ldap.sdk.Entry;

/**
 * What an applied write did to its target.
 *
 * @param before the entry before the write; null for an add
 * @param after the entry as stored; null for a delete
 */
public record WriteResult(Entry before, Entry after) {}
