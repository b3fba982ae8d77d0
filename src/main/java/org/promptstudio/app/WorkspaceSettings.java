package org.promptstudio.app;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.promptstudio.format.YamlTextEdit;
import org.promptstudio.guard.SecretScanner;
import org.promptstudio.model.GenerationParams;
import org.promptstudio.model.Message;
import org.promptstudio.model.ModelRef;
import org.promptstudio.model.StudioException;
import org.promptstudio.provider.ChatRequest;
import org.promptstudio.provider.ProviderException;
import org.promptstudio.provider.ProviderFactory;
import org.promptstudio.provider.Readiness;
import org.promptstudio.provider.StreamListener;
import org.promptstudio.workspace.AtomicWrite;
import org.promptstudio.workspace.ModelConfig;
import org.promptstudio.workspace.RegistryConfig;
import org.promptstudio.workspace.StudioConfig;
import org.promptstudio.workspace.StudioConfigReader;
import org.promptstudio.workspace.Workspace;
import org.promptstudio.workspace.WorkspaceException;

/**
 * The workspace's own settings in {@code studio.yaml} as the settings view edits them: its models (provider, base
 * URL, model name, prices, limits) and its shared registries, plus a connection test per model. Every read goes to
 * the file on disk (not the copy read when the studio opened), so what is shown is what the command line reads.
 * Every write is a targeted edit of the entries that change ({@link YamlTextEdit}): the user's comments, order and
 * other settings stay as written; the new text is read back with the same strict reader the studio opens workspaces
 * with, and compared with what was asked, before it replaces the file in one move. The file is left as a working
 * change in git, as the window's other file edits are (docs/decisions/0059-settings-edit-studio-yaml-in-place.md).
 */
public final class WorkspaceSettings {

    /**
     * One model as studio.yaml lists it. Prices are US dollars per million tokens (null: not priced); limits null:
     * the provider's defaults. {@code readiness} says whether it can be called now ("ready"; "ready: key set" or "ready: no key needed" when
     * its server was not asked, see {@link org.promptstudio.provider.Readiness}; or what is missing,
     * never a key); it is null where it was not asked.
     */
    public record ModelEntry(String id, String provider, String model, String baseUrl, Double inputPerMillion,
                             Double outputPerMillion, Integer maxConcurrency, Integer requestsPerMinute,
                             String readiness) {
    }

    /**
     * A model as typed in a form: every field text, blank meaning "not set". {@link #parse()} checks it field by field.
     */
    public record ModelForm(String id, String provider, String model, String baseUrl, String inputPerMillion,
                            String outputPerMillion, String maxConcurrency, String requestsPerMinute) {

        /** The form with each field of {@code e} written out ({@code 0.15}, {@code 500}; blank for unset). */
        public static ModelForm of(ModelEntry e) {
            return new ModelForm(e.id(), e.provider(), text(e.model()), text(e.baseUrl()), number(e.inputPerMillion()),
                    number(e.outputPerMillion()), text(e.maxConcurrency()), text(e.requestsPerMinute()));
        }

        /**
         * The model this form describes.
         *
         * @throws StudioException naming the first bad field in one line: {@code base URL: 'htp:/x' is not an http or
         *                         https URL}, {@code input price: -1 must be 0 or more (USD per million tokens)}
         */
        public ModelEntry parse() {
            String id = strip(id());
            if (id == null) throw new StudioException("id: a model needs an id");
            if (!ID.matcher(id).matches()) {
                throw new StudioException("id: '" + id + "' may hold only letters, digits and . _ - : / (no spaces)");
            }
            String provider = strip(provider());
            if (provider == null) throw new StudioException("provider: a model needs a provider");
            String model = strip(model());
            if (model != null && model.chars().anyMatch(Character::isISOControl)) {
                throw new StudioException("model: must be one line");
            }
            String url = strip(baseUrl());
            if (url != null) checkUrl(url);
            Double in = price("input price", inputPerMillion());
            Double out = price("output price", outputPerMillion());
            if ((in == null) != (out == null)) {
                throw new StudioException((in == null ? "input price" : "output price")
                        + ": give both prices (input and output, USD per million tokens) or neither");
            }
            return new ModelEntry(id, provider, model, url, in, out, count("max concurrency", maxConcurrency()),
                    count("requests per minute", requestsPerMinute()), null);
        }
    }

    /** A shared registry: its name in the workspace, the git URL or path, and the branch (null: the remote's HEAD). */
    public record RegistryEntry(String name, String url, String branch) {
    }

    /**
     * What a connection test found: {@code ok} with the round trip in milliseconds, or the one-line reason (the
     * server unreachable, a refused key with the key masked, a timeout), never a key.
     */
    public record ConnectionCheck(boolean ok, long latencyMillis, String message) {
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]*");
    private static final Pattern REGISTRY_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    private final Workspace workspace;
    private final Supplier<ProviderFactory> factory;
    /** Runs after an edit read the file, before it writes: tests change the file here, or make a second save wait. */
    volatile Runnable afterRead = () -> { };

    /**
     * @param factory the providers to test connections and readiness through (the studio's, with the built-in
     *                offline kinds registered), asked for only when needed
     */
    WorkspaceSettings(Workspace workspace, Supplier<ProviderFactory> factory) {
        this.workspace = workspace;
        this.factory = factory;
    }

    /** The file every setting here is read from and written to: the workspace's {@code studio.yaml}. */
    public Path file() {
        return workspace.configFile();
    }

    /** The provider kinds a model may name, sorted ({@code anthropic}, {@code echo}, ... {@code vertex}). */
    public List<String> providerKinds() {
        return List.copyOf(factory.get().kinds());
    }

    /**
     * studio.yaml's models in its order, as the file says now, each with its readiness (Ollama models ask their
     * server briefly, so call this off the UI thread).
     *
     * @throws StudioException when studio.yaml cannot be read ({@code studio.yaml:LINE:COL: reason})
     */
    public List<ModelEntry> models() {
        List<ModelEntry> entries = new ArrayList<>();
        ProviderFactory providers = factory.get();
        for (ModelConfig c : read().models()) {
            String readiness;
            try {
                Readiness r = providers.readiness(ModelCatalog.toRef(c));
                readiness = !r.isReady() ? r.reason() : "ready".equals(r.reason()) ? "ready" : "ready: " + r.reason();
            } catch (StudioException e) {
                readiness = e.getMessage();
            }
            entries.add(entry(c, readiness));
        }
        return entries;
    }

    /**
     * Writes a model into studio.yaml: the entry whose id is {@code originalId} is changed field by field, or, when
     * {@code originalId} is null, a new entry is added at the end of {@code models:}. The entry's other settings
     * ({@code params}, {@code options}, {@code timeoutSeconds}) and comments stay.
     *
     * @return the model as studio.yaml now says it
     * @throws StudioException naming the bad field, a clashing id, an unknown provider, or why studio.yaml could not
     *                         be edited; the file is then unchanged
     */
    public ModelEntry saveModel(String originalId, ModelForm form) {
        ModelEntry e = form.parse();
        if (!providerKinds().contains(e.provider())) {
            throw new StudioException("provider: '" + e.provider() + "' is not a provider (known: "
                    + String.join(", ", providerKinds()) + ")");
        }
        return FileEdits.locked(file(), () -> saveModelLocked(originalId, e));
    }

    private ModelEntry saveModelLocked(String originalId, ModelEntry e) {
        String text = readForEdit();
        StudioConfig before = parse(text);
        if (originalId != null && before.model(originalId).isEmpty()) {
            throw new StudioException("studio.yaml has no model '" + originalId + "' any more (changed on disk?)");
        }
        if (!e.id().equals(originalId) && before.model(e.id()).isPresent()) {
            throw new StudioException("id: '" + e.id() + "' is already a model of this workspace");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", e.id());
        fields.put("provider", e.provider());
        fields.put("model", e.model());
        fields.put("baseUrl", e.baseUrl());
        if (e.inputPerMillion() == null) {
            fields.put("pricing", null);
        } else {
            Map<String, Object> pricing = new LinkedHashMap<>();
            pricing.put("inputPerMillion", e.inputPerMillion());
            pricing.put("outputPerMillion", e.outputPerMillion());
            fields.put("pricing", pricing);
        }
        fields.put("maxConcurrency", e.maxConcurrency());
        fields.put("requestsPerMinute", e.requestsPerMinute());
        String edited = edit(() -> YamlTextEdit.upsertEntry(text, "models", "id", originalId, fields));
        StudioConfig after = readBack(edited);
        ModelConfig saved = after.model(e.id()).orElse(null);
        ModelEntry written = saved == null ? null : entry(saved, null);
        List<String> otherIds = before.models().stream().map(ModelConfig::id).filter(id -> !id.equals(originalId))
                .toList();
        if (!e.equals(written) || !after.models().stream().map(ModelConfig::id).filter(id -> !id.equals(e.id()))
                .toList().equals(otherIds) || !sameExcept(before, after, "models")) {
            throw new StudioException("studio.yaml: the edit did not read back as written; nothing saved");
        }
        write(text, edited);
        return written;
    }

    /**
     * Removes the model {@code id} (its lines) from studio.yaml.
     *
     * @throws StudioException when there is no such model or studio.yaml cannot be edited; nothing is then changed
     */
    public void removeModel(String id) {
        FileEdits.locked(file(), () -> {
            removeModelLocked(id);
            return null;
        });
    }

    private void removeModelLocked(String id) {
        String text = readForEdit();
        StudioConfig before = parse(text);
        if (before.model(id).isEmpty()) throw new StudioException("studio.yaml has no model '" + id + "'");
        String edited = edit(() -> YamlTextEdit.removeEntry(text, "models", "id", id));
        StudioConfig after = readBack(edited);
        if (after.model(id).isPresent() || after.models().size() != before.models().size() - 1
                || !sameExcept(before, after, "models")) {
            throw new StudioException("studio.yaml: the edit did not read back as written; nothing saved");
        }
        write(text, edited);
    }

    /** studio.yaml's registries in its order, as the file says now. */
    public List<RegistryEntry> registries() {
        return read().registries().stream().map(r -> new RegistryEntry(r.name(), r.url(), r.branch())).toList();
    }

    /**
     * Adds a registry to studio.yaml, or changes the one with that name.
     *
     * @throws StudioException naming the bad field (name, URL, branch) or why studio.yaml could not be edited
     */
    public RegistryEntry saveRegistry(RegistryEntry registry) {
        String name = strip(registry.name());
        String url = strip(registry.url());
        String branch = strip(registry.branch());
        if (name == null || !REGISTRY_NAME.matcher(name).matches()) {
            throw new StudioException("name: a registry needs a name of letters, digits and . _ -");
        }
        if (url == null || url.chars().anyMatch(Character::isWhitespace)) {
            throw new StudioException("URL: a registry needs a git URL or a folder path, with no spaces");
        }
        if (branch != null && (!BRANCH.matcher(branch).matches() || branch.contains("..") || branch.endsWith(".lock")
                || branch.endsWith("/"))) {
            throw new StudioException("branch: '" + branch + "' is not a branch name");
        }
        return FileEdits.locked(file(), () -> saveRegistryLocked(name, url, branch));
    }

    private RegistryEntry saveRegistryLocked(String name, String url, String branch) {
        String text = readForEdit();
        StudioConfig before = parse(text);
        boolean exists = before.registries().stream().anyMatch(r -> r.name().equals(name));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("url", url);
        fields.put("branch", branch);
        String edited = edit(() -> YamlTextEdit.upsertEntry(text, "registries", "name", exists ? name : null, fields));
        StudioConfig after = readBack(edited);
        RegistryEntry written = after.registries().stream().filter(r -> r.name().equals(name)).findFirst()
                .map(r -> new RegistryEntry(r.name(), r.url(), r.branch())).orElse(null);
        if (!new RegistryEntry(name, url, branch).equals(written) || !sameExcept(before, after, "registries")) {
            throw new StudioException("studio.yaml: the edit did not read back as written; nothing saved");
        }
        write(text, edited);
        return written;
    }

    /**
     * Removes the registry {@code name} from studio.yaml.
     *
     * @throws StudioException when there is no such registry or studio.yaml cannot be edited
     */
    public void removeRegistry(String name) {
        FileEdits.locked(file(), () -> {
            removeRegistryLocked(name);
            return null;
        });
    }

    private void removeRegistryLocked(String name) {
        String text = readForEdit();
        StudioConfig before = parse(text);
        if (before.registries().stream().noneMatch(r -> r.name().equals(name))) {
            throw new StudioException("studio.yaml has no registry '" + name + "'");
        }
        String edited = edit(() -> YamlTextEdit.removeEntry(text, "registries", "name", name));
        StudioConfig after = readBack(edited);
        if (after.registries().size() != before.registries().size() - 1 || !sameExcept(before, after, "registries")) {
            throw new StudioException("studio.yaml: the edit did not read back as written; nothing saved");
        }
        write(text, edited);
    }

    /**
     * Makes one small real call to the model as the form describes it (unsaved changes included; the saved entry's
     * {@code params} and {@code options}, such as {@code apiKeyEnv}, taken from studio.yaml when {@code originalId}
     * names one): one user message asking for "OK", at most 16 output tokens, through the provider's own adapter
     * with no retries, waiting at most {@code timeout} (whole seconds, at least 1).
     *
     * @return ok with the round trip in milliseconds, or the provider's one-line reason (without the model id
     *         prefix): not ready (a key not set), cannot connect, HTTP 401 (keys masked), no answer within the timeout
     * @throws StudioException when the form itself is invalid (as {@link #saveModel})
     */
    public ConnectionCheck testConnection(String originalId, ModelForm form, Duration timeout) {
        ModelEntry e = form.parse();
        ModelConfig saved = originalId == null ? null : read().model(originalId).orElse(null);
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        ModelConfig config = new ModelConfig(e.id(), e.provider(), e.model(), e.baseUrl(),
                saved == null ? Map.of() : saved.params(),
                e.inputPerMillion() == null ? null : new ModelConfig.Pricing(e.inputPerMillion(), e.outputPerMillion()),
                e.maxConcurrency(), e.requestsPerMinute(), seconds, saved == null ? Map.of() : saved.options());
        ModelRef ref = ModelCatalog.toRef(config);
        ProviderFactory providers = factory.get();
        Readiness readiness = providers.readiness(ref);
        if (!readiness.isReady()) return new ConnectionCheck(false, 0, "not ready: " + readiness.reason());
        GenerationParams params = new GenerationParams(null, null, null, 16, null, null, null, null, null);
        ChatRequest request = new ChatRequest(ref, List.of(Message.text(Message.USER, "Reply with OK.")), params);
        long start = System.nanoTime();
        try {
            providers.adapter(ref).chat(request, StreamListener.NONE);
            return new ConnectionCheck(true, (System.nanoTime() - start) / 1_000_000, "ok");
        } catch (ProviderException x) {
            String message = x.getMessage() == null ? "failed" : x.getMessage();
            if (message.startsWith(ref.id() + ": ")) message = message.substring(ref.id().length() + 2);
            if (x.status() == 401 || x.status() == 403) message += " (the key was refused: set it under Credentials)";
            return new ConnectionCheck(false, (System.nanoTime() - start) / 1_000_000, oneLine(message));
        } catch (StudioException x) {
            return new ConnectionCheck(false, (System.nanoTime() - start) / 1_000_000, oneLine(x.getMessage()));
        }
    }

    // ---- reading and writing the file

    private StudioConfig read() {
        return StudioConfigReader.parse(readText(), file().toAbsolutePath().getParent());
    }

    /** The text an edit starts from (under {@link FileEdits#locked}); then {@link #afterRead} runs. */
    private String readForEdit() {
        String text = readText();
        afterRead.run();
        return text;
    }

    private String readText() {
        try {
            return org.promptstudio.model.TextFile.read(file(), Workspace.CONFIG_FILE);
        } catch (org.promptstudio.model.TextFile.NotText e) {
            throw new WorkspaceException(e.getMessage(), e);
        } catch (java.io.IOException e) {
            throw new WorkspaceException(Workspace.CONFIG_FILE + ": cannot read: "
                    + org.promptstudio.model.AtomicFile.reason(e), e);
        }
    }

    private static StudioConfig parse(String text) {
        return StudioConfigReader.parse(text);
    }

    private static String edit(Supplier<String> edit) {
        try {
            return edit.get();
        } catch (YamlTextEdit.EditException e) {
            throw new StudioException(Workspace.CONFIG_FILE + ": cannot be edited in place: " + e.getMessage()
                    + "; nothing saved", e);
        }
    }

    private static StudioConfig readBack(String edited) {
        try {
            return parse(edited);
        } catch (WorkspaceException e) {
            throw new StudioException("the edit would break " + e.getMessage() + "; nothing saved", e);
        }
    }

    /** The rest of the file reads as before: only {@code part} may differ. */
    private static boolean sameExcept(StudioConfig before, StudioConfig after, String part) {
        return java.util.Objects.equals(before.name(), after.name())
                && java.util.Objects.equals(before.description(), after.description())
                && before.defaults().equals(after.defaults()) && before.database().equals(after.database())
                && ("models".equals(part) || before.models().equals(after.models()))
                && ("registries".equals(part) || before.registries().equals(after.registries()))
                && before.labels().equals(after.labels()) && before.index().equals(after.index());
    }

    /** Writes {@code edited} in one move, unless studio.yaml is no longer {@code basedOn} (changed on disk). */
    private void write(String basedOn, String edited) {
        List<SecretScanner.Finding> secrets = new SecretScanner().scan(Workspace.CONFIG_FILE, edited);
        if (!secrets.isEmpty()) {
            throw new StudioException(secrets.get(0).describe() + ": keys belong in the credentials file, never in"
                    + " the workspace; nothing saved");
        }
        FileEdits.checkUnchanged(file(), Workspace.CONFIG_FILE, basedOn);
        AtomicWrite.write(file(), org.promptstudio.model.TextFile.keepingBom(file(), edited), Workspace.CONFIG_FILE);
    }

    // ---- fields

    private static ModelEntry entry(ModelConfig c, String readiness) {
        return new ModelEntry(c.id(), c.provider(), c.model(), c.baseUrl(),
                c.pricing() == null ? null : c.pricing().inputPerMillion(),
                c.pricing() == null ? null : c.pricing().outputPerMillion(), c.maxConcurrency(), c.requestsPerMinute(),
                readiness);
    }

    private static void checkUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getHost().isBlank()) {
                throw new StudioException("base URL: '" + url + "' is not an http or https URL with a host"
                        + " (e.g. http://localhost:8000/v1)");
            }
        } catch (URISyntaxException x) {
            throw new StudioException("base URL: '" + url + "' is not a URL: " + x.getReason(), x);
        }
    }

    private static Double price(String field, String text) {
        String s = strip(text);
        if (s == null) return null;
        BigDecimal value;
        try {
            value = new BigDecimal(s.replace("$", "").strip());
        } catch (NumberFormatException x) {
            throw new StudioException(field + ": '" + s + "' is not a number (USD per million tokens, e.g. 0.15)");
        }
        if (value.signum() < 0) throw new StudioException(field + ": " + s + " must be 0 or more (USD per million tokens)");
        return value.doubleValue();
    }

    private static Integer count(String field, String text) {
        String s = strip(text);
        if (s == null) return null;
        int value;
        try {
            value = Integer.parseInt(s);
        } catch (NumberFormatException x) {
            throw new StudioException(field + ": '" + s + "' is not a whole number");
        }
        if (value < 1) throw new StudioException(field + ": " + s + " must be 1 or more (leave it empty for no limit)");
        return value;
    }

    private static String oneLine(String s) {
        return s == null ? "failed" : s.replaceAll("\\s+", " ").strip();
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString();
    }

    private static String number(Double d) {
        return d == null ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** Finds the model {@code id} as studio.yaml says it now (no readiness). */
    public Optional<ModelEntry> model(String id) {
        return read().model(id).map(c -> entry(c, null));
    }
}
