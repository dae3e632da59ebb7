package dev.agent0.examples.cli;

import dev.agent0.core.runtime.OfflineMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code bin/agent0} command line: one picocli command per task a researcher runs by hand.
 *
 * <p>{@link #main} enforces DJL's offline mode before any subcommand can load a DJL class.
 */
@Command(
        name = "agent0",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Agent0 self-evolving agents on the JVM.",
        subcommands = {
            CommandLine.HelpCommand.class,
            InfoCommand.class,
            TrainCommand.class,
            PlanCommand.class,
            MergeCommand.class,
            PretrainTinyCommand.class,
            GateCommand.class,
            DemoCommand.class,
            LossCommand.class,
            ExecCommand.class,
            GradeCommand.class,
            EvalCommand.class,
            ServeCommand.class,
            GenerateCommand.class,
            ScoreCommand.class,
            RenderCommand.class,
        })
public final class Agent0Cli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        OfflineMode.enforce();
        System.exit(commandLine().execute(args));
    }

    /** The configured picocli command line, for tests and embedding. */
    public static CommandLine commandLine() {
        return new CommandLine(new Agent0Cli()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
