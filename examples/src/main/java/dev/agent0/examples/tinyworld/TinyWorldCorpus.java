package dev.agent0.examples.tinyworld;

import dev.agent0.core.tokenize.TextTokenizer;
import dev.agent0.rl.train.SftTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic pretraining transcripts for the tiny world's base model (TINY-WORLD.md "Base data"): an
 * imperfect direct solver that sometimes uses the tool, plus the curriculum role.
 *
 * <p>Per executor transcript the level is uniform; the tool is used with the level's tool rate
 * (15–40 %, L1..L6) and then the answer is the printed, exact value; a direct answer gets one wrong
 * digit with the level's error rate (0–70 %). That is the point of the world: a base whose direct
 * answers fail on hard levels and whose rarely used tool is always right, so label-free RL has
 * something to discover. A {@link Mix#curriculumShare} of transcripts are curriculum-role
 * questions, drawn from L1..L6, or with probability {@link Mix#frontierQuestionShare} from the
 * frontier levels F1..F3 (the frontier world: its curriculum role can write such problems, rarely,
 * while no executor transcript ever shows one solved). Prompt and observation tokens have loss mask
 * 0, as in RL.
 *
 * <p>Deterministic: the same seed gives the same transcripts in the same order.
 */
public final class TinyWorldCorpus {
    /**
     * @param toolRate probability of a tool transcript per level L1..L6. Default .15 … .40.
     * @param wrongDigitRate probability that a direct answer has one wrong digit, per level.
     *     Default 0, .1, .25, .4, .55, .7.
     * @param curriculumShare share of curriculum-role transcripts. Default 0.1.
     * @param frontierQuestionShare share of curriculum-role questions drawn from F1..F3 (uniform
     *     level). Default 0 (the first world); {@link #frontier()} 0.05.
     * @param mixedShapes draw every other problem with {@link ProblemGenerator#nextMixed()} (1–3
     *     operations, each operand 1–4 digits) instead of at one of the six levels L1..L6, with the
     *     rates of the level it reaches. Default false (the first world); {@link #frontier()} true:
     *     a base trained on six fixed shapes copies only those six into {@code print(…)} (not even
     *     "4+7*2-9"), so no shape beyond them is ever reachable (docs/frontier-world.md).
     */
    public record Mix(
            double[] toolRate,
            double[] wrongDigitRate,
            double curriculumShare,
            double frontierQuestionShare,
            boolean mixedShapes) {
        public Mix {
            int levels = DifficultyLevel.IN_DISTRIBUTION.size();
            if (toolRate.length != levels || wrongDigitRate.length != levels) {
                throw new IllegalArgumentException(
                        "toolRate and wrongDigitRate need one value per level (" + levels + ")");
            }
            toolRate = toolRate.clone();
            wrongDigitRate = wrongDigitRate.clone();
            for (int i = 0; i < levels; i++) {
                probability("toolRate[" + i + "]", toolRate[i]);
                probability("wrongDigitRate[" + i + "]", wrongDigitRate[i]);
            }
            probability("curriculumShare", curriculumShare);
            probability("frontierQuestionShare", frontierQuestionShare);
        }

        /** The first world's mix: no frontier questions. */
        public Mix(double[] toolRate, double[] wrongDigitRate, double curriculumShare) {
            this(toolRate, wrongDigitRate, curriculumShare, 0, false);
        }

        public static Mix defaults() {
            return new Mix(
                    new double[] {.15, .20, .25, .30, .35, .40},
                    new double[] {0, .1, .25, .4, .55, .7},
                    0.1);
        }

        /**
         * The frontier world's mix: the first world's rates on mixed shapes, with 5 % of the
         * curriculum role's questions at F1..F3 (0.5 % of all transcripts).
         */
        public static Mix frontier() {
            Mix d = defaults();
            return new Mix(d.toolRate(), d.wrongDigitRate(), d.curriculumShare(), 0.05, true);
        }

        private static void probability(String field, double p) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(
                        "Mix." + field + " = " + p + ", must be in [0, 1]");
            }
        }
    }

    /** One transcript as text pieces: what the model learns (masked 1) and what it is given. */
    public record Transcript(String prompt, List<String> pieces, List<Boolean> learned) {
        /** The whole text. */
        public String text() {
            return prompt + String.join("", pieces);
        }
    }

    private final Mix mix;
    private final SplittableRandom random;
    private final ProblemGenerator problems;

    public TinyWorldCorpus(Mix mix, long seed) {
        this.mix = mix;
        this.random = new SplittableRandom(seed);
        this.problems = new ProblemGenerator(random.nextLong());
    }

    /** The next transcript. */
    public Transcript next() {
        if (random.nextDouble() < mix.curriculumShare()) {
            // No draw at all when the share is 0: the first world's corpus stays bit for bit.
            boolean frontier =
                    mix.frontierQuestionShare() > 0
                            && random.nextDouble() < mix.frontierQuestionShare();
            ArithmeticProblem p = frontier ? problems.next(DifficultyLevel.FRONTIER) : problem();
            return new Transcript(
                    TinyWorldFormat.curriculumPrompt(),
                    List.of(TinyWorldFormat.question(p.expression())),
                    List.of(true));
        }
        ArithmeticProblem p = problem();
        int level = p.level().ordinal();
        String prompt = TinyWorldFormat.executorPrompt(p.expression());
        String value = Long.toString(p.value());
        if (random.nextDouble() < mix.toolRate()[level]) {
            return new Transcript(
                    prompt,
                    List.of(
                            TinyWorldFormat.toolCall(p.expression()),
                            TinyWorldFormat.observation(value),
                            TinyWorldFormat.answer(value)),
                    List.of(true, false, true));
        }
        String direct =
                random.nextDouble() < mix.wrongDigitRate()[level] ? oneWrongDigit(value) : value;
        return new Transcript(prompt, List.of(TinyWorldFormat.answer(direct)), List.of(true));
    }

    private ArithmeticProblem problem() {
        return mix.mixedShapes() ? problems.nextMixed() : problems.next();
    }

    /** {@code value} with one digit replaced by a different one (never a leading 0 or "-0"). */
    String oneWrongDigit(String value) {
        int first = value.startsWith("-") ? 1 : 0;
        int pos = first + random.nextInt(value.length() - first);
        // A leading digit never becomes 0 ("07"), nor does a negative one-digit value ("-0").
        boolean leading = pos == first && (value.length() - first > 1 || first == 1);
        char old = value.charAt(pos);
        char c;
        do {
            c = (char) ('0' + (leading ? 1 + random.nextInt(9) : random.nextInt(10)));
        } while (c == old);
        return value.substring(0, pos) + c + value.substring(pos + 1);
    }

    /** The next {@code n} transcripts as SFT examples. */
    public List<SftTrainer.Example> examples(int n, TextTokenizer tokenizer) {
        List<SftTrainer.Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(example(next(), tokenizer));
        }
        return out;
    }

    /**
     * Tokens and mask of one transcript: the pieces are encoded one by one (every marker is one
     * token, so piece boundaries are token boundaries) and masked by {@code learned}.
     */
    public static SftTrainer.Example example(Transcript t, TextTokenizer tokenizer) {
        List<int[]> parts = new ArrayList<>();
        List<Float> masks = new ArrayList<>();
        parts.add(tokenizer.encode(t.prompt()));
        masks.add(0f);
        for (int i = 0; i < t.pieces().size(); i++) {
            parts.add(tokenizer.encode(t.pieces().get(i)));
            masks.add(t.learned().get(i) ? 1f : 0f);
        }
        int length = parts.stream().mapToInt(a -> a.length).sum();
        int[] tokens = new int[length];
        float[] mask = new float[length];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] p = parts.get(i);
            System.arraycopy(p, 0, tokens, at, p.length);
            java.util.Arrays.fill(mask, at, at + p.length, masks.get(i));
            at += p.length;
        }
        return new SftTrainer.Example(tokens, mask);
    }
}
