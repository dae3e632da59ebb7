package dev.agent0.sandbox.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What a hostile snippet must not change on the host: processes of worker uids, /tmp, /dev/shm.
 *
 * <p>Other programs share this machine's /tmp, so "unchanged" means: no entry appeared that a
 * snippet could have made (owned by a worker uid, or named {@code agent0_*} as the hostile snippets
 * name their files), and no entry a snippet could have removed disappeared.
 */
final class HostState {
    private final Set<String> tmp;
    private final Set<String> shm;
    private final int[] uids;

    private HostState(int[] uids) {
        this.uids = uids.clone();
        tmp = listing(Path.of("/tmp"));
        shm = listing(Path.of("/dev/shm"));
    }

    static HostState capture(int[] workerUids) {
        return new HostState(workerUids);
    }

    /** Asserts no snippet-made entry appeared in host /tmp or /dev/shm. */
    void assertUnchanged(String what) {
        assertNoSnippetEntries(Path.of("/tmp"), tmp, what);
        assertNoSnippetEntries(Path.of("/dev/shm"), shm, what);
    }

    private void assertNoSnippetEntries(Path dir, Set<String> before, String what) {
        Set<String> now = listing(dir);
        for (String name : now) {
            if (before.contains(name)) {
                continue;
            }
            int owner = ownerUid(dir.resolve(name));
            boolean snippetMade =
                    name.startsWith("agent0_") || Arrays.stream(uids).anyMatch(u -> u == owner);
            assertTrue(
                    !snippetMade,
                    what + ": host " + dir + " gained " + name + " (uid " + owner + ")");
        }
    }

    private static int ownerUid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return -1; // removed meanwhile by its (other) owner
        }
    }

    static Set<String> listing(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> names = new TreeSet<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir, e);
        }
    }

    /** Pids of live processes whose real uid is one of {@code uids}. */
    static List<Long> processesOf(int[] uids) {
        List<Long> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                int uid = realUid(p.resolve("status"));
                for (int u : uids) {
                    if (uid == u) {
                        found.add(Long.parseLong(name));
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return found;
    }

    /** Asserts no process of the worker uids is left (allowing the kernel 1 s to finish exits). */
    static void assertNoProcessesOf(int[] uids, String what) throws InterruptedException {
        long end = System.nanoTime() + 1_000_000_000L;
        List<Long> left = processesOf(uids);
        while (!left.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
            left = processesOf(uids);
        }
        assertTrue(left.isEmpty(), what + ": processes of worker uids left: " + left);
    }

    private static int realUid(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1; // the process exited while we looked
        }
        return -1;
    }
}
