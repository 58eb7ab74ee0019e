package dev.pyrometer.agent.python;

/**
 * What the walker needs from one code object, read once and cached by address.
 *
 * @param name {@code co_qualname} from 3.11, {@code co_name} before
 * @param fileName {@code co_filename}
 * @param lineTable decoded line table
 * @param fingerprint the {@code co_filename} and {@code co_name} pointers: if they change, the
 *     address now holds another code object
 */
public record CodeInfo(String name, String fileName, LineTable lineTable, long fingerprint) {}
