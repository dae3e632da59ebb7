package dev.agent0.core.engine;

import dev.agent0.core.agent.TurnGenerator;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.model.ProjectionAdapter;
import dev.agent0.core.model.QwenModel;
import java.util.function.Function;

/**
 * How a model generates when rollouts run on servers: a LoRA view publishes its current adapter
 * ({@link AdapterPublisher}, a no-op when unchanged) and generates with it; the bare base generates
 * with the served model. Full fine-tuning has no such path (vLLM cannot reload full weights at run
 * time): the self-play config refuses it.
 */
public final class EngineGenerators {
    private EngineGenerators() {}

    /** {@code m -> engine (base) | engine.forModel(publisher.publish(m's adapter))}. */
    public static Function<QwenModel, TurnGenerator.Factory> of(
            CompletionsEngine engine, AdapterPublisher publisher) {
        return m -> {
            ProjectionAdapter a = m.adapter();
            if (a == null) {
                return engine;
            }
            if (!(a instanceof LoraAdapter lora)) {
                throw new IllegalArgumentException(
                        "the model's adapter is a "
                                + a.getClass().getSimpleName()
                                + ": servers load LoRA adapters only");
            }
            return engine.forModel(publisher.publish(lora));
        };
    }
}
