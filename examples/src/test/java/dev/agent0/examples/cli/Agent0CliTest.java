package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

    @Test
    void pretrainTinyRefusesABadMixNamingTheFieldAndWritesNothing(@TempDir Path dir) {
        assertEquals(
                "toolRate and wrongDigitRate need one value per level (6)",
                pretrainError(dir, "--tool-rate", "0.1,0.2"));
        assertEquals(
                "Mix.wrongDigitRate[5] = 1.5, must be in [0, 1]",
                pretrainError(dir, "--wrong-digit-rate", "0,0,0,0,0,1.5"));
        assertTrue(!Files.exists(dir.resolve("base")), "nothing written");
    }

    private static String pretrainError(Path dir, String... options) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            String[] args = new String[options.length + 3];
            args[0] = "pretrain-tiny";
            args[1] = "--out";
            args[2] = dir.resolve("base").toString();
            System.arraycopy(options, 0, args, 3, options.length);
            assertEquals(2, Agent0Cli.commandLine().execute(args));
        } finally {
            System.setErr(old);
        }
        return err.toString().strip().replace("agent0 pretrain-tiny: ", "");
    }
}
