/**
 * {@code pyrometer diff}: two profiles of the same kind (recordings, or heap snapshots) compared
 * from the files {@code record} and {@code heap} write (folded or pprof), ranked changes in share,
 * a sentence for the largest, and a differential flame graph. It reads rendered outputs, so it sits
 * beside {@code render}, whose readers and page it uses.
 */
package dev.pyrometer.agent.diff;
