/**
 * The tiny world, the embedded default: a character tokenizer with single-token markers, and an
 * arithmetic domain with difficulty levels in which the Python tool genuinely pays (TINY-WORLD.md).
 * Ground truth here serves evaluation only; training never sees it.
 */
package dev.agent0.examples.tinyworld;
