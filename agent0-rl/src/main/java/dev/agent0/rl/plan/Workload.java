package dev.agent0.rl.plan;

import dev.agent0.core.agent.ExecutorConfig;
import dev.agent0.core.generate.PassMemory;
import dev.agent0.core.lora.LoraConfig;
import dev.agent0.rl.selfplay.FineTuning;
import dev.agent0.rl.selfplay.SelfPlayConfig;
import dev.agent0.rl.train.PolicyTrainerConfig;
import java.util.OptionalLong;

/**
 * What a run asks of memory, in the planner's terms: who trains what, each generation batch and
 * each update's micro-batch. {@link #of} reads it off a {@link SelfPlayConfig}; a benchmark builds
 * one for its own reduced counts.
 *
 * @param finetune full fine-tuning (a copy per agent) or LoRA (one base, an adapter per agent)
 * @param lora the adapters' shape (read with LoRA)
 * @param curriculumReference the curriculum's KL term needs a reference (β > 0)
 * @param executorReference the executor's KL term needs a reference (β > 0)
 * @param curriculumSampling the curriculum writing B problems
 * @param rewardAnswers the frozen executor's k answers per curriculum problem
 * @param curationProblems the curriculum writing N problems
 * @param curationAnswers the frozen executor's k answers per curated problem
 * @param executorRollout the executor's rollouts of one step
 * @param curriculumUpdate the curriculum's training pass
 * @param executorUpdate the executor's training pass
 * @param kvCacheCap {@code memory.kvCacheCap} (empty: none)
 */
public record Workload(
        FineTuning finetune,
        LoraConfig lora,
        boolean curriculumReference,
        boolean executorReference,
        Generation curriculumSampling,
        Generation rewardAnswers,
        Generation curationProblems,
        Generation curationAnswers,
        Generation executorRollout,
        Update curriculumUpdate,
        Update executorUpdate,
        OptionalLong kvCacheCap) {

    /**
     * One batched generation.
     *
     * @param rows sequences in the batch (0: the phase does not run it)
     * @param promptTokens the longest prompt
     * @param columns the most KV-cache columns the batch uses: prompt + generated tokens of its
     *     longest row (and, multi-turn, the padding of resumed rounds)
     * @param capacity the columns a row may use at most, which a KV-cache cap divides by
     */
    public record Generation(int rows, int promptTokens, int columns, int capacity) {
        public Generation {
            if (rows < 0 || promptTokens < 1 || columns < promptTokens || capacity < columns) {
                throw new IllegalArgumentException(
                        "rows = "
                                + rows
                                + ", promptTokens = "
                                + promptTokens
                                + ", columns = "
                                + columns
                                + ", capacity = "
                                + capacity
                                + ": need rows >= 0 and 1 <= promptTokens <= columns <="
                                + " capacity");
            }
        }

        /** A batch that may use its whole capacity. */
        public Generation(int rows, int promptTokens, int capacity) {
            this(rows, promptTokens, capacity, capacity);
        }
    }

    /**
     * One training micro-batch.
     *
     * @param sequences sequences per forward and backward (the micro-batch)
     * @param tokens the longest sequence, prompt and response
     * @param memory logit chunk and layer recomputation
     */
    public record Update(int sequences, int tokens, PassMemory memory) {
        public Update {
            if (sequences < 1 || tokens < 1 || memory == null) {
                throw new IllegalArgumentException(
                        "sequences = " + sequences + ", tokens = " + tokens + ": need both >= 1");
            }
        }
    }

    /**
     * A run's workload. Token counts are worst cases: every sequence runs its whole budget. A
     * curriculum problem is at most {@code curriculum.generation.maxNewTokens} tokens, so an
     * executor prompt is at most the executor's own prompt plus that.
     *
     * @param curriculumPromptTokens the curriculum's rendered prompt (system + user + template)
     * @param executorPromptTokens the executor's rendered prompt without the problem
     */
    public static Workload of(
            SelfPlayConfig c, int curriculumPromptTokens, int executorPromptTokens) {
        int curNew = c.curriculum().generation().maxNewTokens();
        ExecutorConfig rollout = c.executor().rollout();
        int exePrompt = executorPromptTokens + curNew;
        int exeCapacity = exePrompt + rollout.cacheColumns();
        // Single-turn, a row holds prompt + budget; multi-turn, resumed rounds pad to the capacity.
        int exeColumns =
                rollout.multiTurn()
                        ? exeCapacity
                        : Math.min(exeCapacity, exePrompt + rollout.responseBudget() + 1);
        // With an http engine the servers generate: no cache or prefill here.
        int local = c.engine().isHttp() ? 0 : 1;
        Generation curriculum =
                new Generation(
                        local * c.curriculum().batchSize(),
                        curriculumPromptTokens,
                        curriculumPromptTokens + curNew);
        int rewardRows = local * c.curriculum().batchSize() * c.curriculum().k();
        PolicyTrainerConfig ct = c.curriculum().trainer();
        PolicyTrainerConfig et = c.executor().trainer();
        return new Workload(
                c.models().finetune(),
                c.models().lora(),
                ct.usesReference(),
                et.usesReference(),
                curriculum,
                new Generation(rewardRows, exePrompt, exeColumns, exeCapacity),
                new Generation(
                        local * c.curation().problems(),
                        curriculumPromptTokens,
                        curriculumPromptTokens + curNew),
                new Generation(
                        local * c.curation().problems() * c.curation().k(),
                        exePrompt,
                        exeColumns,
                        exeCapacity),
                new Generation(
                        local * c.executor().problemsPerStep() * rollout.groupSize(),
                        exePrompt,
                        exeColumns,
                        exeCapacity),
                new Update(
                        Math.min(ct.microBatchSize(), c.curriculum().batchSize()),
                        curriculumPromptTokens + curNew,
                        ct.memory()),
                new Update(
                        Math.min(
                                et.microBatchSize(),
                                c.executor().problemsPerStep() * rollout.groupSize()),
                        exePrompt + rollout.responseBudget(),
                        et.memory()),
                c.memory().kvCacheCapBytes());
    }

    /** This workload with {@code f} as the fine-tuning. */
    public Workload withFinetune(FineTuning f) {
        return new Workload(
                f,
                lora,
                curriculumReference,
                executorReference,
                curriculumSampling,
                rewardAnswers,
                curationProblems,
                curationAnswers,
                executorRollout,
                curriculumUpdate,
                executorUpdate,
                kvCacheCap);
    }

    /** This workload with {@code cap} as {@code memory.kvCacheCap}. */
    public Workload withKvCacheCap(OptionalLong cap) {
        return new Workload(
                finetune,
                lora,
                curriculumReference,
                executorReference,
                curriculumSampling,
                rewardAnswers,
                curationProblems,
                curationAnswers,
                executorRollout,
                curriculumUpdate,
                executorUpdate,
                cap);
    }

    /** This workload with both updates' passes under {@code memory}. */
    public Workload withUpdateMemory(PassMemory memory) {
        return new Workload(
                finetune,
                lora,
                curriculumReference,
                executorReference,
                curriculumSampling,
                rewardAnswers,
                curationProblems,
                curationAnswers,
                executorRollout,
                new Update(curriculumUpdate.sequences(), curriculumUpdate.tokens(), memory),
                new Update(executorUpdate.sequences(), executorUpdate.tokens(), memory),
                kvCacheCap);
    }
}
