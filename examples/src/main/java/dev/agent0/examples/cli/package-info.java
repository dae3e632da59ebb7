/**
 * The {@code bin/agent0} command line (picocli): one class per subcommand, registered in {@link
 * dev.agent0.examples.cli.Agent0Cli}, each printing JSON on stdout and errors naming the bad option
 * or field on stderr (exit status 2).
 *
 * <p>It adds no algorithm of its own: every subcommand is a thin shell over the library's public
 * API, so what the CLI does a Java caller can do too.
 */
package dev.agent0.examples.cli;
