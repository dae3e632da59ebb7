/**
 * The tiny-world run report: reads a self-play run folder's JSONL logs and writes {@code report.md}
 * with PNG plots of held-out accuracy, tool use, curriculum difficulty and diversity, curation,
 * pseudo-label accuracy, collapse monitors and wall time.
 *
 * <p>It only reads logs: it never loads a model, and the ground truth it uses (the true value of a
 * generated question) serves the report alone.
 */
package dev.agent0.examples.tinyworld.report;
