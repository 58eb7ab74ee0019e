package dev.pyrometer.operator.api;

/**
 * A ProfileSession spec inside a schedule. Unlike a session's own spec it may be edited: an edit
 * applies from the next run on (sessions already made keep theirs). The immutability rule of
 * {@link ProfileSessionSpec} is on that class only, so it does not reach here.
 */
public class SessionTemplate extends ProfileSessionSpec {}
