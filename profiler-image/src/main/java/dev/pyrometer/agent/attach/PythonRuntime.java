package dev.pyrometer.agent.attach;

import dev.pyrometer.agent.python.PythonLayout;
import dev.pyrometer.agent.python.PythonVersion;

/**
 * A located CPython interpreter: its version, where {@code _PyRuntime} is, and the layout to read
 * it with.
 *
 * @param version the exact interpreter version
 * @param layout field offsets for that version
 * @param runtimeAddress remote address of {@code _PyRuntime}
 * @param modulePath the python executable or libpython that holds it, as the target sees it
 * @param locatedBy how {@code _PyRuntime} was found: symbol, section or scan
 * @param codeCounterAddress 3.12: remote address of {@code _Py_next_func_version}, the 32-bit
 *     counter that moves whenever a code object is created (its {@code co_version}); 0 when not
 *     known (other versions, stripped builds)
 */
public record PythonRuntime(
    PythonVersion version, PythonLayout layout, long runtimeAddress, String modulePath, String locatedBy,
    long codeCounterAddress) {}
