package dev.agent0.rl.selfplay;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@link SelfPlayConfig} as YAML or JSON: the user's keys merged over the
 * defaults' tree, converted into the records (whose constructors validate), derived fields filled
 * from the run. Every error names the field by its dotted path, e.g. {@code
 * executor.rollout.groupSize = 0, must be >= 1}.
 */
final class SelfPlayConfigFiles {
    /**
     * Components computed from the run, never read from a file (SelfPlayConfig#withDerivedFields):
     * seeds come from the root seed, a cosine schedule's length from the run's update count, the
     * trainers' sampler correction from {@code engine.importanceSamplingCap} and their temperature
     * from the agent's sampling.
     */
    static final List<String> DERIVED =
            List.of(
                    "curriculum.generation.sampling.seed",
                    "curriculum.trainer.seed",
                    "curriculum.trainer.schedule.totalSteps",
                    "curriculum.trainer.samplerCorrectionCap",
                    "curriculum.trainer.temperature",
                    "executor.rollout.sampling.seed",
                    "executor.trainer.seed",
                    "executor.trainer.schedule.totalSteps",
                    "executor.trainer.samplerCorrectionCap",
                    "executor.trainer.temperature");

    /**
     * Records by their components only: no "is" getters (SamplingConfig#isGreedy is derived, not a
     * setting).
     */
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .build();

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SelfPlayConfigFiles() {}

    static SelfPlayConfig load(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        ObjectMapper reader = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : JSON;
        JsonNode user;
        try {
            user = reader.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read config: " + e.getMessage(), e);
        }
        try {
            return fromTree(user);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static SelfPlayConfig fromTree(JsonNode user) {
        ObjectNode merged = (ObjectNode) toTree(SelfPlayConfig.defaults());
        if (user != null && !user.isNull() && !user.isMissingNode() && !user.isObject()) {
            throw new IllegalArgumentException(
                    "the config must be a mapping of sections, got " + user.getNodeType());
        }
        // A run on models nobody chose would be silently meaningless: a file names them.
        for (String role : List.of("curriculum", "executor")) {
            if (user == null || !user.path("models").has(role)) {
                throw new IllegalArgumentException(
                        "models."
                                + role
                                + ": not set; name a Hugging Face "
                                + "folder, tiny-world, or random (a random fixture-shaped model)");
            }
        }
        merge(merged, user, "");
        // Placeholders the records accept; withDerivedFields() replaces them.
        for (String path : DERIVED) {
            String[] parts = path.split("\\.");
            ObjectNode parent =
                    (ObjectNode)
                            merged.at(
                                    "/"
                                            + String.join(
                                                    "/",
                                                    List.of(parts).subList(0, parts.length - 1)));
            String field = parts[parts.length - 1];
            if (field.equals("totalSteps")) {
                parent.put(field, Integer.MAX_VALUE);
            } else if (field.equals("temperature")) {
                parent.put(field, 1.0);
            } else {
                parent.put(field, 0);
            }
        }
        try {
            return JSON.treeToValue(merged, SelfPlayConfig.class).withDerivedFields();
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(message(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config's tree without derived fields, in the node types a parser gives back. */
    static JsonNode toTree(SelfPlayConfig config) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(JSON.writeValueAsString(config));
            for (String path : DERIVED) {
                int dot = path.lastIndexOf('.');
                ((ObjectNode) tree.at("/" + path.substring(0, dot).replace('.', '/')))
                        .remove(path.substring(dot + 1));
            }
            return tree;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * "path: problem", or "path.field = value, rule" when a record's constructor refused a value.
     */
    private static String message(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            }
        }
        if (e instanceof ValueInstantiationException
                && e.getCause() instanceof IllegalArgumentException bad) {
            return path.length() == 0 ? bad.getMessage() : path + "." + bad.getMessage();
        }
        return path + ": " + e.getOriginalMessage();
    }

    private static void merge(ObjectNode base, JsonNode user, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> it = user.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode old = base.get(e.getKey());
            if (DERIVED.contains(path)) {
                throw new IllegalArgumentException(
                        path
                                + ": derived from the run, not set in a config (seeds come from the"
                                + " root seed, a cosine schedule's totalSteps from the run's"
                                + " updates, samplerCorrectionCap from"
                                + " engine.importanceSamplingCap, temperature from the agent's"
                                + " sampling)");
            }
            if (old == null) {
                throw new IllegalArgumentException(path + ": unknown field");
            }
            JsonNode value = e.getValue();
            if (old.isObject()) {
                if (!value.isObject()) {
                    throw new IllegalArgumentException(
                            path + ": must be a mapping, got " + value.getNodeType());
                }
                merge((ObjectNode) old, value, path + ".");
            } else if (old.isArray()) {
                if (!value.isArray()) {
                    throw new IllegalArgumentException(
                            path + ": must be a list, got " + type(value));
                }
                base.set(e.getKey(), value);
            } else {
                if (value.isContainerNode() || value.isNull()) {
                    throw new IllegalArgumentException(
                            path + ": must be a " + type(old) + ", got " + type(value));
                }
                base.set(e.getKey(), value);
            }
        }
    }

    private static String type(JsonNode n) {
        return n.getNodeType().toString().toLowerCase();
    }
}
