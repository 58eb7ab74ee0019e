package dev.pyrometer.contract;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The headline of the written diagnosis: short enough for a printer column and an event.
 *
 * @param kind what was found, e.g. {@code blocking.subprocess}, {@code cpu.hot-function}
 * @param title one line, e.g. {@code waits for a child process in handle_by_script}
 * @param location the deepest application frame, {@code function (file:line)}
 * @param share fraction of the samples on the finding's path, 0..1
 * @param suggestion what to do about it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String kind, String title, String location, double share, String suggestion) {}
