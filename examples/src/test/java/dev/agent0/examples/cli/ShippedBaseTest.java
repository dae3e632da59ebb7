package dev.agent0.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agent0.examples.tinyworld.TinyWorldBase;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The base shipped in the jar: the one docs/tiny-world.md describes, and fit for self-play. */
class ShippedBaseTest {

    @Test
    void theShippedWeightsAreTheOnesWhoseHashTheDocsGive() throws Exception {
        Assumptions.assumeTrue(TinyWorldBase.shipped(), "the tiny-world base is not in this build");
        Path doc = Path.of("..", "docs", "tiny-world.md"); // surefire runs in the module folder
        Matcher m = Pattern.compile("SHA-256 is `([0-9a-f]{64})`").matcher(Files.readString(doc));
        assertTrue(m.find(), doc + " names no SHA-256 of the shipped base");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in =
                TinyWorldBase.class.getResourceAsStream(
                        TinyWorldBase.RESOURCE_DIR + "model.safetensors")) {
            sha.update(in.readAllBytes());
        }
        assertEquals(m.group(1), HexFormat.of().formatHex(sha.digest()));
    }

    @Test
    void theShippedBasePassesThePreRlGate() {
        ShippedWorld.assumeBaseAndSandbox();
        StringWriter err = new StringWriter();
        var cli = Agent0Cli.commandLine();
        cli.setErr(new PrintWriter(err));
        // Exit 0 only when every criterion passes (1 = a criterion failed, 2 = bad input).
        assertEquals(0, cli.execute("gate"), err.toString());
    }
}
