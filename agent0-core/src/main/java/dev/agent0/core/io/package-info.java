/**
 * File-writing helpers shared by every module: atomic writes through a temp file and a rename.
 * Formats (safetensors, JSONL) live with their owners; this package only makes writes crash-safe.
 */
package dev.agent0.core.io;
