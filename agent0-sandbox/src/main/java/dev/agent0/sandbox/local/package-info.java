/**
 * The local backend: a pool of warm Python fork servers, one forked, namespaced, rlimited,
 * seccomp-filtered child per snippet, run as a per-worker non-root uid.
 *
 * <p>It does not cover kernel exploits, side channels or a malicious Python installation; see
 * docs/sandbox.md for what it protects against and what it does not.
 */
package dev.agent0.sandbox.local;
