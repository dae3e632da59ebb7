package dev.agent0.sandbox.remote;

import dev.agent0.sandbox.SandboxLimits;
import java.net.URI;
import java.util.Objects;

/**
 * Where and how to reach a SandboxFusion service.
 *
 * @param endpoint base URI of the service, e.g. {@code http://sandbox:8080}; requests go to {@code
 *     endpoint + "/run_code"}. No default: nothing is contacted unless configured.
 * @param limits limits sent with every call ({@code run_timeout}, {@code memory_limit_MB}) and
 *     applied locally to captured output. Default {@link SandboxLimits#defaults()}.
 * @param maxConcurrency requests in flight at once in {@code runAll}; at least 1. Default 16.
 * @param slackMillis extra time the HTTP call may take beyond the run timeout (queueing, transfer)
 *     before it counts as a sandbox error. Default 10 000.
 */
public record RemoteSandboxConfig(
        URI endpoint, SandboxLimits limits, int maxConcurrency, long slackMillis) {
    public RemoteSandboxConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(limits, "limits");
        String scheme = endpoint.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("endpoint = " + endpoint + ", must be http(s)://");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException(
                    "maxConcurrency = " + maxConcurrency + ", must be >= 1");
        }
        if (slackMillis < 0) {
            throw new IllegalArgumentException("slackMillis = " + slackMillis + ", must be >= 0");
        }
    }

    public static RemoteSandboxConfig of(URI endpoint) {
        return new RemoteSandboxConfig(endpoint, SandboxLimits.defaults(), 16, 10_000);
    }

    public RemoteSandboxConfig withLimits(SandboxLimits l) {
        return new RemoteSandboxConfig(endpoint, l, maxConcurrency, slackMillis);
    }

    public RemoteSandboxConfig withMaxConcurrency(int n) {
        return new RemoteSandboxConfig(endpoint, limits, n, slackMillis);
    }

    /** The run_code URL. */
    public URI runCodeUri() {
        String base = endpoint.toString();
        return URI.create(base.endsWith("/") ? base + "run_code" : base + "/run_code");
    }
}
