package dev.pyrometer.operator.api;

/**
 * A ProfileSession spec inside a schedule. Unlike a session's own spec it may be edited: an edit
 * applies from the next run on (sessions already made keep theirs). The CRD generator copies
 * {@link ProfileSessionSpec}'s immutability rule here; the committed CRD drops it (see the test
 * class ProfileScheduleCrd).
 */
public class SessionTemplate extends ProfileSessionSpec {}
