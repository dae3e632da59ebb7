/**
 * Self-consistency: majority voting over k sampled answers, grouped by the value grader, giving the
 * pseudo-label ỹ and p̂ that the RL module's rewards and ADPO scaling use.
 *
 * <p>It does not sample or extract answers; callers pass extracted final answers.
 */
package dev.agent0.eval.consistency;
