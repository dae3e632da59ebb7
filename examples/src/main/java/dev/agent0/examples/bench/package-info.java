/**
 * Side-by-side benchmark mains: the Java half of {@code benchmarks/run.sh}, which times the library
 * against an eager PyTorch baseline on the same weights, inputs and timing protocol.
 *
 * <p>Benchmark programs, not tests and not library API: they print JSON lines for
 * {@code benchmarks/report.py} and leave optimisation to the classes they measure.
 */
package dev.agent0.examples.bench;
