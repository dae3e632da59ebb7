/**
 * Benchmark mains for the model and generator: throughput in tokens per second, printed as JSON lines.
 * They are programs, not tests: nothing here asserts, and no unit test measures time.
 */
package dev.agent0.core.bench;
