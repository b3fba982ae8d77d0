package org.promptstudio.workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The settings in {@code studio.yaml}: the workspace's name and description, the models it can call, which model
 * and dataset are used when none is named, the shared registries, the database, the label schemas, the document index
 * ({@link IndexConfig}), the guardrails ({@link GuardConfig}) and privacy ({@link PrivacyConfig}). Missing parts are
 * empty, never null; {@link StudioConfigReader} checks the rest.
 */
public record StudioConfig(String name, String description, Defaults defaults, List<ModelConfig> models,
        List<RegistryConfig> registries, Database database, List<LabelConfig> labels, IndexConfig index,
        GuardConfig guard, PrivacyConfig privacy) {

    public StudioConfig {
        defaults = defaults != null ? defaults : new Defaults(null, null);
        models = copy(models);
        registries = copy(registries);
        database = database != null ? database : new Database(null);
        labels = copy(labels);
        index = index != null ? index : IndexConfig.DEFAULT;
        guard = guard != null ? guard : GuardConfig.DEFAULT;
        privacy = privacy != null ? privacy : PrivacyConfig.DEFAULT;
    }

    /** The settings without a {@code privacy:} section (as before it existed): calls recorded as they are. */
    public StudioConfig(String name, String description, Defaults defaults, List<ModelConfig> models,
            List<RegistryConfig> registries, Database database, List<LabelConfig> labels, IndexConfig index,
            GuardConfig guard) {
        this(name, description, defaults, models, registries, database, labels, index, guard, null);
    }

    /** The settings without a {@code guard:} section (as before it existed): every guardrail warns. */
    public StudioConfig(String name, String description, Defaults defaults, List<ModelConfig> models,
            List<RegistryConfig> registries, Database database, List<LabelConfig> labels, IndexConfig index) {
        this(name, description, defaults, models, registries, database, labels, index, null, null);
    }

    /** The settings without an {@code index:} section (as before it existed): the index at its defaults. */
    public StudioConfig(String name, String description, Defaults defaults, List<ModelConfig> models,
            List<RegistryConfig> registries, Database database, List<LabelConfig> labels) {
        this(name, description, defaults, models, registries, database, labels, null);
    }

    /** The settings without label schemas (as before {@code labels:} existed). */
    public StudioConfig(String name, String description, Defaults defaults, List<ModelConfig> models,
            List<RegistryConfig> registries, Database database) {
        this(name, description, defaults, models, registries, database, null);
    }

    /**
     * The workspace's label schemas: the built-in {@link org.promptstudio.model.LabelSchema#THUMBS} first, then those
     * of {@code labels:} in their order. Only for a configuration the reader has checked.
     */
    public List<org.promptstudio.model.LabelSchema> labelSchemas() {
        List<org.promptstudio.model.LabelSchema> out = new ArrayList<>();
        out.add(org.promptstudio.model.LabelSchema.THUMBS);
        for (LabelConfig l : labels) out.add(l.schema());
        return List.copyOf(out);
    }

    /** A configuration with nothing set. */
    public static StudioConfig empty() {
        return new StudioConfig(null, null, null, null, null, null);
    }

    public Optional<ModelConfig> model(String id) {
        return models.stream().filter(m -> id.equals(m.id())).findFirst();
    }

    /** The model and dataset used when a run names none; either may be null. */
    public record Defaults(String model, String dataset) {
    }

    /** Where the local database lives; a null url means the default file under {@code .studio/}. */
    public record Database(String url) {
    }

    // Null entries ("- " with nothing after it) are kept so the reader can report them with their place.
    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
