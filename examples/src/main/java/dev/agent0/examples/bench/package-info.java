/**
 * Every Java benchmark main of the project, in one place so there is one list to keep ({@code
 * benchmarks/README.md}, "Every benchmark") and one jar to run them from ({@code java -cp
 * examples/target/agent0.jar dev.agent0.examples.bench.NAME ...}): examples depends on every
 * module, so each main measures the library through its public API.
 *
 * <ul>
 *   <li>The side-by-side against eager PyTorch, the Java half of {@code benchmarks/run.sh}: {@link
 *       dev.agent0.examples.bench.SideBySideBenchmark}, {@link
 *       dev.agent0.examples.bench.CopyBandwidth}, {@link dev.agent0.examples.bench.OpProfile}, with
 *       the helper main {@link dev.agent0.examples.bench.RandomCheckpoint} and the shared {@code
 *       BenchInputs}, {@code BenchOptions} and {@code Measurement}.
 *   <li>Per-module mains: {@link dev.agent0.examples.bench.GenerationBenchmark} and {@link
 *       dev.agent0.examples.bench.TokenizeBenchmark} (model, generator, tokenizer), {@link
 *       dev.agent0.examples.bench.ExecutorRolloutBenchmark} (agent rollouts), {@link
 *       dev.agent0.examples.bench.SandboxBenchmark} (sandbox), {@link
 *       dev.agent0.examples.bench.ValueGraderBenchmark} (grader), {@link
 *       dev.agent0.examples.bench.RlMathBenchmark} and {@link
 *       dev.agent0.examples.bench.TrainingBenchmark} (loss, optimizer, trainers).
 * </ul>
 *
 * <p>Benchmark programs, not tests and not library API: they print their measurements (JSON lines
 * where a script reads them, e.g. {@code benchmarks/report.py}) and leave optimisation to the
 * classes they measure. Speed is measured here with medians and spread, never asserted in unit
 * tests. Scripts and results live in {@code benchmarks/}.
 */
package dev.agent0.examples.bench;
