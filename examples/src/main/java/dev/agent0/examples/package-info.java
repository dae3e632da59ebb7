/**
 * Runnable examples of the public API, one {@code main} each, with the command line and what it
 * prints in the header comment: majority voting on a local checkpoint, the tiny-world self-play
 * script, self-play on a real checkpoint.
 *
 * <p>Examples use only the public API; the command line, the tiny world and the benchmarks live in
 * the subpackages {@code cli}, {@code tinyworld} and {@code bench}.
 */
package dev.agent0.examples;
