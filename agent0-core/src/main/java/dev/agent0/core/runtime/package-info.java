/**
 * Start-up of the tensor runtime: offline mode, threads, seeds and the device, in one place. It
 * deliberately holds no model code, so every entry point (library, CLI, tests) can call it first.
 */
package dev.agent0.core.runtime;
