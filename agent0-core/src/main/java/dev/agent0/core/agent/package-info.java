/**
 * The two Agent0 agents over the model: the curriculum agent that writes problems and the executor
 * that solves them with a Python tool in a multi-turn rollout. Rewards, voting and training are not
 * here: they live in the eval and rl modules.
 */
package dev.agent0.core.agent;
