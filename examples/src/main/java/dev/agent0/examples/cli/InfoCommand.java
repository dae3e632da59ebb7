package dev.agent0.examples.cli;

import dev.agent0.core.runtime.Agent0Runtime;
import dev.agent0.core.runtime.RuntimeOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints what the runtime sees: engine, version, device, threads, offline mode. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show the tensor runtime: engine version, device, threads, offline mode.")
final class InfoCommand implements Callable<Integer> {
    @Option(
            names = "--device",
            defaultValue = "cpu",
            description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    @Override
    public Integer call() {
        Agent0Runtime rt = Agent0Runtime.init(RuntimeOptions.defaults().withDevice(device));
        System.out.printf(
                "{\"engine\":\"%s\",\"version\":\"%s\",\"device\":\"%s\",\"threads\":%s,"
                        + "\"offline\":%s,\"gpus\":%d}%n",
                rt.engine().getEngineName(),
                rt.engine().getVersion(),
                rt.device(),
                System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("ai.djl.offline"),
                rt.engine().getGpuCount());
        return 0;
    }
}
