package dev.agent0.rl.selfplay;

import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.engine.AdapterPublisher;
import dev.agent0.core.engine.CompletionsEngine;
import dev.agent0.core.engine.EngineGenerators;
import dev.agent0.core.generate.Generator;
import dev.agent0.core.model.QwenModel;
import dev.agent0.core.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a run's rollouts are generated, from its {@code engine} section: in this process (KV-cached
 * sessions of the model), or on OpenAI-compatible servers with each LoRA adapter published before
 * it generates (docs/engines.md). Close it when the run ends (the HTTP engine's threads).
 */
public final class RolloutEngine implements AutoCloseable {
    /** Adapters kept loaded on the servers: two agents, current and previous. */
    static final int KEEP_LOADED = 4;

    private final CompletionsEngine http;
    private final Function<QwenModel, TurnGenerator.Factory> generators;

    private RolloutEngine(
            CompletionsEngine http, Function<QwenModel, TurnGenerator.Factory> generators) {
        this.http = http;
        this.generators = generators;
    }

    /** The engine {@code config.engine()} describes, decoding with {@code tokenizer}. */
    public static RolloutEngine open(SelfPlayConfig config, TextTokenizer tokenizer) {
        SelfPlayConfig.Engine e = config.engine();
        if (!e.isHttp()) {
            return new RolloutEngine(
                    null, m -> TurnGenerator.sessions(new Generator(m, tokenizer)));
        }
        CompletionsEngine engine = new CompletionsEngine(e.completions(), tokenizer);
        AdapterPublisher publisher =
                new AdapterPublisher(engine, Path.of(e.publishDir()), "agent0", KEEP_LOADED);
        return new RolloutEngine(engine, EngineGenerators.of(engine, publisher));
    }

    /** How a model generates: {@link SelfPlayWorld#generators()}. */
    public Function<QwenModel, TurnGenerator.Factory> generators() {
        return generators;
    }

    /** True when rollouts run on servers. */
    public boolean isHttp() {
        return http != null;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
