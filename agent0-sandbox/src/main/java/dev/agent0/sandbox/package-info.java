/**
 * Runs untrusted, model-written Python snippets and reports what happened as a value: the {@link
 * dev.agent0.sandbox.Sandbox} interface, its request, limits and result types.
 *
 * <p>Backends live in sub-packages ({@code local}: a pool of isolated fork servers; {@code remote}:
 * a SandboxFusion HTTP client). Nothing here grades answers or parses tool calls.
 */
package dev.agent0.sandbox;
