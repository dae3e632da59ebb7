/**
 * The remote backend: the same {@link dev.agent0.sandbox.Sandbox} over SandboxFusion's {@code POST
 * /run_code}, so rollouts on a cluster can use an existing sandbox fleet.
 *
 * <p>Isolation is then the remote service's business; this package only maps requests, limits and
 * results, and never reaches any address but the configured endpoint.
 */
package dev.agent0.sandbox.remote;
