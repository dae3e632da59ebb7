package dev.agent0.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the library version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Agent0Cli.class.getPackage().getImplementationVersion();
        return new String[] {"agent0 " + (v == null ? "dev" : v)};
    }
}
