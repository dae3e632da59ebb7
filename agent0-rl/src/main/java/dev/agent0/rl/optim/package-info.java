/**
 * The optimiser side of a policy update: AdamW over NDArrays with state that can be saved and
 * restored, global-norm gradient clipping, and warm-up + constant/cosine learning-rate schedules.
 *
 * <p>It leaves out file formats (the state is exposed as a {@code Map<String, NDArray>} for a
 * checkpoint writer) and DJL's own optimisers, whose state is private and cannot be resumed.
 */
package dev.agent0.rl.optim;
