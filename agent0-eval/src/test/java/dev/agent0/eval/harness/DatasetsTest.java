package dev.agent0.eval.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir Path dir;

    static Path resource(String name) {
        try {
            return Path.of(DatasetsTest.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gsm8kGoldIsTheTextAfterHashes() {
        List<Problem> ps = Datasets.gsm8k(resource("gsm8k-sample.jsonl"));
        assertEquals(8, ps.size());
        assertEquals("18", ps.get(0).gold());
        assertEquals("70000", ps.get(2).gold());
        assertEquals("gsm8k-0", ps.get(0).id());
        assertTrue(ps.get(0).question().startsWith("Janet"));
    }

    @Test
    void math500KeepsSubjectLevelAndId() {
        List<Problem> ps = Datasets.math(resource("math500-sample.jsonl"));
        assertEquals(8, ps.size());
        Problem p = ps.get(0);
        assertEquals("test/precalculus/807.json", p.id());
        assertEquals("Precalculus", p.subject());
        assertEquals(2, p.level());
        assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", p.gold());
    }

    @Test
    void genericJsonlUsesTheFieldMapping() throws IOException {
        Path f = dir.resolve("custom.jsonl");
        Files.writeString(
                f,
                "{\"q\":\"1+1?\",\"sol\":\"so \\\\boxed{2}\",\"key\":\"a\"}\n\n"
                        + "{\"q\":\"2+2?\",\"sol\":\"4\",\"key\":\"b\"}\n");
        List<Problem> ps =
                Datasets.jsonl(
                        f,
                        FieldMapping.defaults().withQuestion("q").withAnswer("sol").withId("key"));
        assertEquals(List.of("a", "b"), ps.stream().map(Problem::id).toList());
        assertEquals(List.of("2", "4"), ps.stream().map(Problem::gold).toList());
    }

    @Test
    void badLinesNameFileLineAndField() throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"question\":\"q\",\"answer\":\"#### 1\"}\n{\"question\":\"q\"}\n");
        DatasetException e =
                assertThrows(
                        DatasetException.class, () -> Datasets.jsonl(f, FieldMapping.defaults()));
        assertTrue(
                e.getMessage().contains("bad.jsonl:2") && e.getMessage().contains("'answer'"),
                e.getMessage());
        Files.writeString(f, "{not json}\n");
        e = assertThrows(DatasetException.class, () -> Datasets.gsm8k(f));
        assertTrue(e.getMessage().contains("bad.jsonl:1: not valid JSON"), e.getMessage());
    }

    @Test
    void fullFilesLoad() {
        assertEquals(
                1319,
                Datasets.gsm8k(dev.agent0.eval.grade.SharedData.file("gsm8k/test.jsonl")).size());
        List<Problem> math =
                Datasets.math(dev.agent0.eval.grade.SharedData.file("math500/test.jsonl"));
        assertEquals(500, math.size());
        assertEquals(134, math.stream().filter(p -> p.level() == 5).count());
        assertEquals(124, math.stream().filter(p -> p.subject().equals("Algebra")).count());
    }
}
