package dev.agent0.examples.tinyworld;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agent0.core.io.AtomicFiles;
import dev.agent0.core.model.ModelType;
import dev.agent0.core.model.QwenConfig;
import dev.agent0.core.model.TensorDType;
import dev.agent0.core.tokenize.HfTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The tiny world's model shape and tokenizer files (TINY-WORLD.md "Model"): a Qwen3 with hidden
 * 128, 4 layers, 4 heads of 32 (no grouping), SwiGLU 336, RoPE, QK-norm, tied embeddings, no biases
 * — about 0.78 M parameters over a 34-token vocabulary.
 */
public final class TinyWorldModel {
    private TinyWorldModel() {}

    /** The Qwen3 shape of the tiny world's models. */
    public static QwenConfig shape() {
        int vocab = TinyWorldTokenizer.vocabulary().size();
        int eos = eosTokenId();
        return new QwenConfig(
                ModelType.QWEN3,
                128,
                336,
                4,
                4,
                4,
                32,
                1e-6,
                10_000,
                vocab,
                true,
                512,
                false,
                TensorDType.F32,
                TinyWorldTokenizer.vocabulary().get(TinyWorldFormat.BOS),
                List.of(eos));
    }

    /** Id of {@code <|im_end|>}, which ends every turn. */
    public static int eosTokenId() {
        return TinyWorldTokenizer.vocabulary().get(TinyWorldFormat.EOS);
    }

    /**
     * Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir} (atomically
     * each).
     */
    public static void writeTokenizer(Path dir) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper();
            AtomicFiles.writeString(
                    dir.resolve(HfTokenizer.TOKENIZER_FILE),
                    json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(TinyWorldTokenizer.tokenizerJson(json)));
            AtomicFiles.writeString(
                    dir.resolve(HfTokenizer.CONFIG_FILE),
                    "{\n  \"bos_token\": \""
                            + TinyWorldFormat.BOS
                            + "\",\n  \"eos_token\": \""
                            + TinyWorldFormat.EOS
                            + "\",\n  \"pad_token\": \""
                            + TinyWorldFormat.PAD
                            + "\"\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write the tiny-world tokenizer into " + dir + ": " + e.getMessage(), e);
        }
    }
}
