/**
 * Throughput and latency benchmark of the local sandbox against a cold interpreter per snippet.
 *
 * <p>A main program, not a test: speed is measured here, never asserted in unit tests.
 */
package dev.agent0.sandbox.bench;
