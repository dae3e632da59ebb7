package dev.agent0.core.agent;

import dev.agent0.core.generate.GenerationConfig;
import dev.agent0.core.generate.GenerationResult;
import dev.agent0.core.tokenize.TextTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The curriculum agent: samples new problems, each a {@code <question>} block followed by its own
 * answer in {@code \boxed{}} (AGENT0-SPEC.md section 2).
 *
 * <p>It only generates and parses; the reward (format gate, uncertainty, tool use, repetition) and
 * the GRPO update live in agent0-rl. Samples are returned even when they do not parse: the format
 * gate gives them reward 0, which GRPO needs to see.
 */
public final class CurriculumAgent {
    private final TurnGenerator.Factory generators;
    private final TextTokenizer tokenizer;
    private final PromptFormat format;
    private final List<Integer> eosTokenIds;
    private final CurriculumConfig config;

    /**
     * @param generators opens the batched generation
     * @param tokenizer encodes the prompt, decodes samples
     * @param format renders (system prompt, user prompt) into the prompt text
     * @param eosTokenIds ids that end the assistant turn
     * @param config prompts and sampling
     */
    public CurriculumAgent(
            TurnGenerator.Factory generators,
            TextTokenizer tokenizer,
            PromptFormat format,
            List<Integer> eosTokenIds,
            CurriculumConfig config) {
        this.generators = generators;
        this.tokenizer = tokenizer;
        this.format = format;
        this.eosTokenIds = List.copyOf(eosTokenIds);
        this.config = config;
    }

    public CurriculumConfig config() {
        return config;
    }

    /** The prompt ids every sample starts from. */
    public int[] promptIds() {
        return tokenizer.encode(format.render(config.systemPrompt(), config.userPrompt()));
    }

    /**
     * Samples {@code count} problems in one batch (or consecutive blocks of at most {@link
     * TurnGenerator.Factory#maxRows} rows, with the same draws).
     *
     * @param count number of samples, at least 1
     * @param seed sampling seed; sample i draws from stream (seed, i)
     */
    public List<CurriculumSample> sample(int count, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("count = " + count + ", must be >= 1");
        }
        // 1. One prompt, repeated: samples differ only by their random streams.
        int[] prompt = promptIds();
        int capacity = prompt.length + config.maxNewTokens();
        GenerationConfig gen =
                new GenerationConfig(
                        config.maxNewTokens(),
                        config.sampling().withSeed(seed),
                        List.of(),
                        eosTokenIds);
        // 2. Generate until end of turn or the token cap, in blocks that fit the cache limit.
        List<GenerationResult> results = new ArrayList<>(count);
        int block = generators.maxRows(capacity);
        for (int first = 0; first < count; first += block) {
            int rows = Math.min(block, count - first);
            try (TurnGenerator turns =
                    generators.start(
                            Collections.nCopies(rows, prompt),
                            gen.withFirstStream(first),
                            capacity)) {
                results.addAll(turns.generate());
            }
        }
        // 3. Parse the last <question> block and the last \boxed{} of each sample.
        List<CurriculumSample> out = new ArrayList<>(count);
        for (GenerationResult g : results) {
            String text = tokenizer.decode(g.tokenIds());
            out.add(
                    new CurriculumSample(
                            CurriculumOutput.parse(text),
                            prompt,
                            g.tokenIds(),
                            g.logProbs(),
                            g.samplingLogProbs(),
                            g.stopReason()));
        }
        return out;
    }
}
