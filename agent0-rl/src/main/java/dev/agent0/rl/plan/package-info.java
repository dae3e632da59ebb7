/**
 * The memory planner: the peak memory of each phase of a self-play iteration, predicted from the
 * model's {@code config.json} and the run config before anything loads (docs/memory.md).
 */
package dev.agent0.rl.plan;
