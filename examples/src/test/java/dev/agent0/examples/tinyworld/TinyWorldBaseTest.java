package dev.agent0.examples.tinyworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyWorldBaseTest {
    @TempDir Path tmp;

    private Path fakeBase(String name, String weights) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        for (String f : TinyWorldBase.FILES) {
            Files.writeString(dir.resolve(f), f.equals("model.safetensors") ? weights : "{}");
        }
        return dir;
    }

    @Test
    void copyPlacesEveryFileAndARepeatedCopyOfTheSameBaseIsANoOp() throws Exception {
        Path from = fakeBase("a", "weights-a");
        Path run = tmp.resolve("run/base");
        TinyWorldBase.copy(from, run);
        TinyWorldBase.copy(from, run); // resuming the same run
        for (String f : TinyWorldBase.FILES) {
            assertArrayEquals(
                    Files.readAllBytes(from.resolve(f)), Files.readAllBytes(run.resolve(f)), f);
        }
        try (var files = Files.list(run)) {
            assertTrue(
                    files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void aRunFolderStartedFromAnotherBaseIsRefusedAndLeftUntouched() throws Exception {
        Path run = tmp.resolve("run/base");
        TinyWorldBase.copy(fakeBase("a", "weights-a"), run);
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TinyWorldBase.copy(fakeBase("b", "weights-b"), run));
        assertTrue(
                e.getMessage().contains("model.safetensors")
                        && e.getMessage().contains("another base"),
                e.getMessage());
        assertArrayEquals(
                "weights-a".getBytes(), Files.readAllBytes(run.resolve("model.safetensors")));
    }

    @Test
    void aFolderWithoutTheWeightsIsRefusedNamingTheFile() throws Exception {
        Path from = fakeBase("a", "w");
        Files.delete(from.resolve("model.safetensors"));
        var e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TinyWorldBase.copy(from, tmp.resolve("run")));
        assertTrue(
                e.getMessage().contains(from.resolve("model.safetensors").toString()),
                e.getMessage());
    }
}
