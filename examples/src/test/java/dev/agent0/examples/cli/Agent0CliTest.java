package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class Agent0CliTest {

    @Test
    void helpListsEverySubcommand() {
        CommandLine cli = Agent0Cli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        String help = out.toString();
        for (String name : cli.getSubcommands().keySet()) {
            assertTrue(help.contains("  " + name + " "), "help must list " + name + ":\n" + help);
        }
        assertTrue(cli.getSubcommands().containsKey("info"), "info subcommand registered");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CommandLine cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("no-such-command"));
    }
}
