/**
 * The two Agent0 agents over the model: the curriculum agent that writes problems ({@link
 * dev.agent0.core.agent.CurriculumAgent}) and the executor that solves them with a Python tool in a
 * multi-turn rollout inside one assistant turn ({@link dev.agent0.core.agent.ExecutorAgent},
 * producing {@link dev.agent0.core.agent.Trajectory} records with loss masks). Rewards, voting and
 * training are not here: they live in the eval and rl modules.
 */
package dev.agent0.core.agent;
