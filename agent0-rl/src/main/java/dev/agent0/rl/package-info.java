/**
 * The RL module's root: {@link dev.agent0.rl.Checks}, the argument checks its packages share (each
 * names the bad parameter and its value).
 *
 * <p>Nothing else lives here on purpose: every RL concept has its own subpackage (advantage, loss,
 * optim, reward, train, selfplay).
 */
package dev.agent0.rl;
