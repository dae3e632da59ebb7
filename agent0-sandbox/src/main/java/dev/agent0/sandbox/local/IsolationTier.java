package dev.agent0.sandbox.local;

/** How strongly snippets are isolated, detected once at start-up and logged. */
public enum IsolationTier {
    /**
     * Running as root: per-snippet pid/mount/ipc/uts namespaces, one shared empty network
     * namespace, private tmpfs, rlimits including RLIMIT_NPROC, a non-root uid per worker,
     * no-new-privs and seccomp. The default wherever it works.
     */
    FULL("full"),
    /**
     * Unprivileged: the same namespaces and seccomp inside a user namespace, but no uid switch, so
     * RLIMIT_NPROC is not set (it would count the caller's own processes); the pid namespace still
     * kills every process of a snippet when it ends.
     */
    USER_NAMESPACE("userns"),
    /**
     * No isolation at all (only rlimits and a process group): code can read your files and use the
     * network. Only with {@link LocalSandboxConfig#allowUnisolated()}.
     */
    UNISOLATED("none");

    private final String wireName;

    IsolationTier(String wireName) {
        this.wireName = wireName;
    }

    /** The name the fork server script uses. */
    String wireName() {
        return wireName;
    }
}
