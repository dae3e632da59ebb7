/**
 * Answer extraction and grading: Hendrycks' {@code is_equiv}, lm-eval's GSM8K exact match, and a
 * pure-Java value-equivalence grader with exact rationals, a small LaTeX parser and seeded
 * random-point checks for symbolic answers.
 *
 * <p>Left out on purpose: a computer-algebra system (no simplification to normal forms beyond
 * evaluation), complex arithmetic, inequalities beyond one variable against constants, and unit
 * conversion.
 */
package dev.agent0.eval.grade;
