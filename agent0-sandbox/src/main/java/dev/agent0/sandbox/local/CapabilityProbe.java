package dev.agent0.sandbox.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the {@link IsolationTier} by asking the fork server script to try each tier in a
 * throw-away child: root namespaces, then unprivileged user namespaces. Never degrades silently:
 * with neither available it refuses unless the caller opted into {@link IsolationTier#UNISOLATED}.
 */
final class CapabilityProbe {
    private static final Logger LOG = LoggerFactory.getLogger(CapabilityProbe.class);

    private CapabilityProbe() {}

    /** Detects, logs once per pool start and returns the tier to use. */
    static IsolationTier detect(LocalSandboxConfig config) {
        return decide(run(config), config);
    }

    /** The policy, separate from the probe so it can be tested on every machine. */
    static IsolationTier decide(JsonNode probe, LocalSandboxConfig config) {
        boolean seccomp = probe.path("seccomp").asBoolean(false);
        IsolationTier tier;
        if (probe.path("full").asBoolean(false)) {
            tier = IsolationTier.FULL;
        } else if (probe.path("userns").asBoolean(false)) {
            tier = IsolationTier.USER_NAMESPACE;
        } else if (config.allowUnisolated()) {
            LOG.warn(
                    "sandbox: NO ISOLATION (uid {}, seccomp module {}): snippets run as this "
                            + "user with network and file access, because allowUnisolated=true",
                    probe.path("uid").asInt(),
                    seccomp ? "present" : "missing");
            return IsolationTier.UNISOLATED;
        } else {
            throw new SandboxUnavailableException(refusal(probe, seccomp));
        }
        LOG.info(
                "sandbox: isolation tier {} (python {}, uid {})",
                tier,
                probe.path("python").asText(),
                probe.path("uid").asInt());
        return tier;
    }

    /**
     * Why no tier works, naming what is missing: with namespaces working, only {@code
     * python3-seccomp} (and the command that installs it).
     */
    static String refusal(JsonNode probe, boolean seccomp) {
        boolean rootNs = probe.path("root_namespaces").asBoolean(false);
        boolean userNs = probe.path("user_namespaces").asBoolean(false);
        String found =
                "sandbox: no isolation available (uid "
                        + probe.path("uid").asInt()
                        + ", namespaces as root: "
                        + (rootNs ? "yes" : "no")
                        + ", user namespaces: "
                        + (userNs ? "yes" : "no")
                        + ", python3-seccomp: "
                        + (seccomp ? "yes" : "no")
                        + "). ";
        String optIn =
                " (or opt in to unisolated execution with"
                        + " LocalSandboxConfig.withAllowUnisolated(true))";
        if (!seccomp && (rootNs || userNs)) {
            return found
                    + "The namespaces work; the seccomp filter needs Debian's python3-seccomp:"
                    + " apt-get install python3-seccomp"
                    + optIn;
        }
        return found
                + "Run as root or enable unprivileged user namespaces (sysctl"
                + " kernel.unprivileged_userns_clone=1 / user.max_user_namespaces)"
                + (seccomp ? "" : ", and install python3-seccomp (apt-get install python3-seccomp)")
                + optIn;
    }

    private static JsonNode run(LocalSandboxConfig config) {
        try {
            Process p =
                    ServerScript.builder(config, "--probe")
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SandboxUnavailableException("sandbox: capability probe hung (30 s)");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0 || text.isEmpty()) {
                throw new SandboxUnavailableException(
                        "sandbox: capability probe of "
                                + config.python()
                                + " failed with exit code "
                                + p.exitValue());
            }
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new SandboxUnavailableException("sandbox: cannot run " + config.python(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException(
                    "sandbox: interrupted during capability probe", e);
        }
    }
}
