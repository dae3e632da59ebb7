package dev.agent0.core.serve;

import ai.djl.ndarray.NDManager;
import dev.agent0.core.lora.LoraAdapter;
import dev.agent0.core.lora.PeftAdapterFiles;
import dev.agent0.core.model.CheckpointFormatException;
import dev.agent0.core.model.QwenModel;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models a server answers to: the base under its served name, and every loaded LoRA adapter (a
 * PEFT folder, {@link PeftAdapterFiles}) under its {@code lora_name} as a view over the shared base
 * ({@link QwenModel#withAdapter}). Loads and unloads run on the worker thread between batches
 * ({@link BatchQueue}), so an adapter is never freed under a running batch; lookups may come from
 * any thread. Closing frees every adapter, not the base.
 */
final class AdapterRegistry implements AutoCloseable {
    /** A loaded adapter: its arrays, the view generating with it, the folder it came from. */
    record Served(LoraAdapter adapter, QwenModel view, Path path) {}

    private final QwenModel base;
    private final String baseName;
    private final NDManager manager;
    private final Map<String, Served> adapters = new LinkedHashMap<>();

    AdapterRegistry(QwenModel base, String baseName) {
        this.base = base;
        this.baseName = baseName;
        this.manager = base.newManager();
    }

    /** The model serving {@code name}, or null when nothing is served under it. */
    synchronized QwenModel model(String name) {
        if (baseName.equals(name)) {
            return base;
        }
        Served s = adapters.get(name);
        return s == null ? null : s.view();
    }

    /** The loaded adapters by name, in load order (a copy). */
    synchronized Map<String, Served> adapters() {
        return new LinkedHashMap<>(adapters);
    }

    /**
     * Loads the adapter in {@code dir} under {@code name}; a name in use or a folder that is not an
     * adapter of this base is a 400 (vLLM's words, which clients match on {@code already}).
     */
    String load(String name, Path dir) {
        synchronized (this) {
            if (baseName.equals(name) || adapters.containsKey(name)) {
                throw ApiError.badRequest(
                        "lora_name", "The lora adapter '" + name + "' has already been loaded.");
            }
        }
        LoraAdapter adapter;
        try {
            adapter = PeftAdapterFiles.load(dir, base.config(), manager, base.dtype());
        } catch (CheckpointFormatException | UncheckedIOException | IllegalArgumentException e) {
            throw ApiError.badRequest("lora_path", e.getMessage());
        }
        synchronized (this) {
            adapters.put(name, new Served(adapter, base.withAdapter(adapter), dir));
        }
        return "Success: LoRA adapter '" + name + "' added successfully.";
    }

    /** Frees the adapter {@code name}; unknown is a 404. */
    String unload(String name) {
        Served s;
        synchronized (this) {
            s = adapters.remove(name);
        }
        if (s == null) {
            throw ApiError.notFound(
                    "lora_name", "The lora adapter '" + name + "' cannot be found.");
        }
        s.adapter().close();
        return "Success: LoRA adapter '" + name + "' removed successfully.";
    }

    @Override
    public synchronized void close() {
        adapters.values().forEach(s -> s.adapter().close());
        adapters.clear();
        manager.close();
    }
}
