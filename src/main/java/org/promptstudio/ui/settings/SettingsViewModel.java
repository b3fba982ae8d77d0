package org.promptstudio.ui.settings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.promptstudio.app.Studio;
import org.promptstudio.app.StudioSettings;
import org.promptstudio.app.UserCredentials;
import org.promptstudio.app.WorkspaceSettings;
import org.promptstudio.app.WorkspaceSettings.ConnectionCheck;
import org.promptstudio.app.WorkspaceSettings.ModelEntry;
import org.promptstudio.app.WorkspaceSettings.ModelForm;
import org.promptstudio.app.WorkspaceSettings.RegistryEntry;
import org.promptstudio.model.ErrorText;
import org.promptstudio.ui.common.Activatable;
import org.promptstudio.ui.common.TaskRunner;
import org.promptstudio.ui.common.Theme;

/**
 * The settings view's state and actions: the workspace's models (studio.yaml) with a connection test each, the
 * user's provider keys (the credentials file; values go in, never come back), the commit author (the user's
 * settings.yaml), the workspace's registries (studio.yaml) and the theme. Every read and write goes through
 * {@code app} on the {@link TaskRunner}; results and one-line errors come back as {@link Feedback}. Form fields are
 * writable properties the view binds both ways; the rest is read-only.
 */
public final class SettingsViewModel implements Activatable {

    /** A line shown under a section after an action: what happened, or why not. */
    public record Feedback(Kind kind, String text) {
        public enum Kind { NONE, WORKING, OK, ERROR }

        static final Feedback NONE = new Feedback(Kind.NONE, "");
    }

    /**
     * A model as the list shows it: its id, provider and model name, and whether it is ready ({@code readiness}
     * "ready", or what is missing).
     */
    public record ModelRow(String id, String provider, String model, String readiness) {
        public boolean ready() {
            return readiness != null && (readiness.equals("ready") || readiness.startsWith("ready: "));
        }
    }

    /** A registry as the list shows it; {@code branch} null for the remote's default. */
    public record RegistryRow(String name, String url, String branch) {
    }

    /** A provider variable as the credentials list shows it: its name and where it is set, never its value. */
    public record CredentialRow(String name, String where) {
    }

    /** How long a connection test waits for the model's answer. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(20);

    private final WorkspaceSettings settings;
    private final UserCredentials credentials;
    private final TaskRunner runner;

    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);

    private List<ModelEntry> entries = List.of();
    private final ObservableList<ModelRow> models = FXCollections.observableArrayList();
    private final ObservableList<ModelRow> modelsView = FXCollections.unmodifiableObservableList(models);
    private final ObservableList<String> providerKinds = FXCollections.observableArrayList();
    private final ObservableList<String> providerKindsView = FXCollections.unmodifiableObservableList(providerKinds);
    private final ReadOnlyStringWrapper selectedModelId = new ReadOnlyStringWrapper(this, "selectedModelId");
    private final StringProperty modelId = new SimpleStringProperty(this, "modelId", "");
    private final StringProperty modelProvider = new SimpleStringProperty(this, "modelProvider", "");
    private final StringProperty modelName = new SimpleStringProperty(this, "modelName", "");
    private final StringProperty modelBaseUrl = new SimpleStringProperty(this, "modelBaseUrl", "");
    private final StringProperty inputPrice = new SimpleStringProperty(this, "inputPrice", "");
    private final StringProperty outputPrice = new SimpleStringProperty(this, "outputPrice", "");
    private final StringProperty maxConcurrency = new SimpleStringProperty(this, "maxConcurrency", "");
    private final StringProperty requestsPerMinute = new SimpleStringProperty(this, "requestsPerMinute", "");
    private final ReadOnlyObjectWrapper<Feedback> modelFeedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);
    private final ReadOnlyObjectWrapper<Feedback> connection = new ReadOnlyObjectWrapper<>(Feedback.NONE);

    private final ObservableList<CredentialRow> credentialRows = FXCollections.observableArrayList();
    private final ObservableList<CredentialRow> credentialRowsView =
            FXCollections.unmodifiableObservableList(credentialRows);
    private final StringProperty credentialName = new SimpleStringProperty(this, "credentialName", "");
    private final StringProperty credentialValue = new SimpleStringProperty(this, "credentialValue", "");
    private final ReadOnlyObjectWrapper<Feedback> credentialFeedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);

    private final StringProperty authorName = new SimpleStringProperty(this, "authorName", "");
    private final StringProperty authorEmail = new SimpleStringProperty(this, "authorEmail", "");
    private final ReadOnlyObjectWrapper<Feedback> authorFeedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);

    private final ObservableList<RegistryRow> registries = FXCollections.observableArrayList();
    private final ObservableList<RegistryRow> registriesView = FXCollections.unmodifiableObservableList(registries);
    private final StringProperty registryName = new SimpleStringProperty(this, "registryName", "");
    private final StringProperty registryUrl = new SimpleStringProperty(this, "registryUrl", "");
    private final StringProperty registryBranch = new SimpleStringProperty(this, "registryBranch", "");
    private final ReadOnlyObjectWrapper<Feedback> registryFeedback = new ReadOnlyObjectWrapper<>(Feedback.NONE);

    /** A save or removal of that section runs: its buttons are disabled meanwhile. */
    private final ReadOnlyBooleanWrapper savingModel = new ReadOnlyBooleanWrapper(this, "savingModel", false);
    private final ReadOnlyBooleanWrapper storingCredential = new ReadOnlyBooleanWrapper(this, "storingCredential");
    private final ReadOnlyBooleanWrapper savingAuthor = new ReadOnlyBooleanWrapper(this, "savingAuthor", false);
    private final ReadOnlyBooleanWrapper savingRegistry = new ReadOnlyBooleanWrapper(this, "savingRegistry", false);

    /*
     * What each form held when it was last filled from the files or saved: a form whose fields differ has unsaved
     * edits, and a load (another activation, a stored key) leaves it as the user typed it.
     */
    private ModelForm modelClean = emptyForm();
    private AuthorFields authorClean = new AuthorFields("", "");

    /** The author fields as last read or saved ("" where settings.yaml has no author). */
    private record AuthorFields(String name, String email) {
    }

    /*
     * One counter per section. A save moves it on when it starts and again when it ends; a load notes it when it
     * starts and shows that section only if it has not moved since, so a load started before or during a save cannot
     * land after it with the old list (the save shows the list it read back after writing). A connection test takes
     * the next number of its own counter: its answer is shown only when it is the newest test and the form still
     * shows the model and the fields it was asked for.
     */
    private int modelsGeneration;
    private int keysGeneration;
    private int authorGeneration;
    private int registriesGeneration;
    private int connectionGeneration;

    private final ReadOnlyStringWrapper workspaceFile = new ReadOnlyStringWrapper(this, "workspaceFile", "");
    private final ReadOnlyStringWrapper credentialsFile = new ReadOnlyStringWrapper(this, "credentialsFile", "");
    private final ReadOnlyStringWrapper settingsFile = new ReadOnlyStringWrapper(this, "settingsFile", "");

    /** The settings of {@code studio}'s workspace, the user's keys from the standard places, on {@code runner}. */
    public SettingsViewModel(Studio studio, TaskRunner runner) {
        this(studio.settings(), UserCredentials.standard(), runner);
    }

    /** Settings read from and written to {@code settings} (studio.yaml) and {@code credentials}, on {@code runner}. */
    public SettingsViewModel(WorkspaceSettings settings, UserCredentials credentials, TaskRunner runner) {
        this.settings = settings;
        this.credentials = credentials;
        this.runner = runner;
        workspaceFile.set(settings.file().toString());
        credentialsFile.set(credentials.file().toString());
        settingsFile.set(StudioSettings.file().toString());
    }

    /**
     * Names the workspace's studio.yaml under {@code root} ({@code root/studio.yaml}): {@code studio screenshot}
     * shows a temporary copy of the user's workspace, and its picture names the user's file, not the copy's. Call it
     * before the view is built; reads and writes still go to the workspace that was opened.
     */
    public void showWorkspaceAs(java.nio.file.Path root) {
        workspaceFile.set(root.resolve(settings.file().getFileName()).toString());
    }

    /** Loads everything from the files (again: another editor or the command line may have changed them). */
    @Override
    public void onActivate() {
        record Loaded(List<String> kinds, List<ModelEntry> models, List<RegistryEntry> registries,
                      List<UserCredentials.Entry> keys, Optional<org.promptstudio.vcs.Author> author) {
        }
        int models = modelsGeneration;
        int registries = registriesGeneration;
        int keys = keysGeneration;
        int author = authorGeneration;
        runner.run(() -> new Loaded(settings.providerKinds(), settings.models(), settings.registries(),
                        credentials.list(), StudioSettings.author()),
                l -> {
                    providerKinds.setAll(l.kinds());
                    if (models == modelsGeneration) showModels(l.models(), false);
                    if (registries == registriesGeneration) showRegistries(l.registries());
                    if (keys == keysGeneration) showKeys(l.keys());
                    if (author == authorGeneration) showAuthor(l.author().orElse(null));
                    loaded.set(true);
                },
                e -> {
                    if (models == modelsGeneration) modelFeedback.set(error(e));
                    loaded.set(true);
                });
    }

    /** Nothing listens while hidden; a running connection test is left to finish. */
    @Override
    public void onDeactivate() {
    }

    // ---- models

    /** Fills the form with the model {@code row} shows (null: nothing selected, the form is left as it is). */
    public void onModelSelected(ModelRow row) {
        if (row == null) return;
        connectionGeneration++; // a test still running was asked for the model shown before

        entries.stream().filter(e -> e.id().equals(row.id())).findFirst().ifPresent(this::fill);
    }

    private void fill(ModelEntry entry) {
        selectedModelId.set(entry.id());
        ModelForm f = ModelForm.of(entry);
        modelClean = f;
        modelId.set(f.id());
        modelProvider.set(f.provider());
        modelName.set(f.model());
        modelBaseUrl.set(f.baseUrl());
        inputPrice.set(f.inputPerMillion());
        outputPrice.set(f.outputPerMillion());
        maxConcurrency.set(f.maxConcurrency());
        requestsPerMinute.set(f.requestsPerMinute());
        modelFeedback.set(Feedback.NONE);
        connection.set(Feedback.NONE);
    }

    /** Empties the form for a new model (an OpenAI-compatible server, the most common local kind). */
    public void onNewModel() {
        connectionGeneration++;
        modelClean = new ModelForm("", "openai-compatible", "", "", "", "", "", "");
        selectedModelId.set(null);
        modelId.set("");
        modelProvider.set("openai-compatible");
        modelName.set("");
        modelBaseUrl.set("");
        inputPrice.set("");
        outputPrice.set("");
        maxConcurrency.set("");
        requestsPerMinute.set("");
        modelFeedback.set(new Feedback(Feedback.Kind.NONE, "A new model: fill it in and save it to studio.yaml."));
        connection.set(Feedback.NONE);
    }

    /** Checks the form and writes the model into studio.yaml; the list is read again from the file. */
    public void onSaveModel() {
        if (savingModel.get()) return;
        String original = selectedModelId.get();
        ModelForm form = form();
        modelsGeneration++;
        savingModel.set(true);
        modelFeedback.set(new Feedback(Feedback.Kind.WORKING, "Saving..."));
        record Saved(ModelEntry model, List<ModelEntry> all) {
        }
        runner.run("Saving model " + form.id(), progress -> {
            ModelEntry model = settings.saveModel(original, form);
            return new Saved(model, settings.models());
        }, (Saved result) -> {
            savingModel.set(false);
            modelsGeneration++;
            ModelEntry saved = result.model();
            selectedModelId.set(saved.id());
            if (form().equals(form)) {
                showModels(result.all(), true);
            } else {
                // Typed on while it saved: the list is the file's, the fields stay as typed (unsaved again).
                modelClean = ModelForm.of(saved);
                showModels(result.all(), false);
            }
            modelFeedback.set(new Feedback(Feedback.Kind.OK, "Saved " + saved.id() + " to studio.yaml"));
        }, e -> {
            savingModel.set(false);
            modelsGeneration++;
            modelFeedback.set(error(e));
        });
    }

    /** Removes the selected model from studio.yaml. */
    public void onRemoveModel() {
        String id = selectedModelId.get();
        if (id == null) {
            modelFeedback.set(new Feedback(Feedback.Kind.ERROR, "Select a model to remove"));
            return;
        }
        if (savingModel.get()) return;
        modelsGeneration++;
        savingModel.set(true);
        runner.run("Removing model " + id, progress -> {
            settings.removeModel(id);
            return settings.models();
        }, all -> {
            savingModel.set(false);
            modelsGeneration++;
            showModels(all, true);
            onNewModel();
            modelFeedback.set(new Feedback(Feedback.Kind.OK, "Removed " + id + " from studio.yaml"));
        }, e -> {
            savingModel.set(false);
            modelsGeneration++;
            modelFeedback.set(error(e));
        });
    }

    /** Calls the model as the form describes it (saved or not), off the UI thread: ok with milliseconds, or why not. */
    public void onTestConnection() {
        String original = selectedModelId.get();
        ModelForm form = form();
        int mine = ++connectionGeneration;
        connection.set(new Feedback(Feedback.Kind.WORKING, "Testing " + blankOr(form.id(), "the model") + "..."));
        runner.run("Testing connection to " + form.id(),
                progress -> settings.testConnection(original, form, CONNECTION_TIMEOUT),
                (ConnectionCheck check) -> {
                    if (stillAsked(mine, original, form)) {
                        connection.set(check.ok()
                                ? new Feedback(Feedback.Kind.OK, "ok · " + check.latencyMillis() + " ms")
                                : new Feedback(Feedback.Kind.ERROR, check.message()));
                    }
                },
                e -> {
                    if (stillAsked(mine, original, form)) connection.set(error(e));
                });
    }

    /**
     * Whether the answer of test {@code generation} is to be shown: it is the newest test, and the form still shows
     * the model and the fields it was asked for. When it is the newest but the form changed meanwhile, the
     * "Testing..." line is replaced by a note to test again (the answer belongs to fields no longer shown).
     */
    private boolean stillAsked(int generation, String original, ModelForm form) {
        if (generation != connectionGeneration) return false;
        if (java.util.Objects.equals(original, selectedModelId.get()) && form.equals(form())) return true;
        if (connection.get().kind() == Feedback.Kind.WORKING) {
            connection.set(new Feedback(Feedback.Kind.NONE, "The fields changed while testing: test again"));
        }
        return false;
    }

    /** Whether the model form holds edits not saved to studio.yaml. */
    public boolean modelFormEdited() {
        return !form().equals(modelClean);
    }

    private static ModelForm emptyForm() {
        return new ModelForm("", "", "", "", "", "", "", "");
    }

    private ModelForm form() {
        return new ModelForm(modelId.get(), modelProvider.get(), modelName.get(), modelBaseUrl.get(), inputPrice.get(),
                outputPrice.get(), maxConcurrency.get(), requestsPerMinute.get());
    }

    /**
     * Shows the models read from studio.yaml; the form is filled again from the file only when it holds no unsaved
     * edits, or {@code saved} (after its own save).
     */
    private void showModels(List<ModelEntry> all, boolean saved) {
        entries = List.copyOf(all);
        models.setAll(all.stream().map(e -> new ModelRow(e.id(), e.provider(), e.model(), e.readiness())).toList());
        if (!saved && modelFormEdited()) return;
        String id = selectedModelId.get();
        Optional<ModelEntry> selected = id == null ? Optional.empty()
                : all.stream().filter(m -> m.id().equals(id)).findFirst();
        if (selected.isPresent()) {
            onModelSelectedKeepingFeedback(selected.get());
        } else if (id == null && !all.isEmpty() && modelId.get().isEmpty() && !modelFormEdited()) {
            fill(all.get(0));
        }
    }

    private void onModelSelectedKeepingFeedback(ModelEntry entry) {
        Feedback m = modelFeedback.get();
        Feedback c = connection.get();
        fill(entry);
        modelFeedback.set(m);
        connection.set(c);
    }

    // ---- credentials

    /** Stores the typed key under the chosen variable in the user's credentials file; the field is emptied. */
    public void onStoreCredential() {
        String name = credentialName.get() == null ? "" : credentialName.get().strip();
        String value = credentialValue.get();
        credentialValue.set("");
        if (name.isEmpty()) {
            credentialFeedback.set(new Feedback(Feedback.Kind.ERROR, "variable: choose or type a name (OPENAI_API_KEY)"));
            return;
        }
        if (value == null || value.isBlank()) {
            credentialFeedback.set(new Feedback(Feedback.Kind.ERROR, "key: paste the key to store for " + name));
            return;
        }
        if (storingCredential.get()) return;
        record Stored(java.nio.file.Path file, List<UserCredentials.Entry> keys, List<ModelEntry> models) {
        }
        int keys = ++keysGeneration;
        int models = modelsGeneration;
        storingCredential.set(true);
        runner.run("Storing " + name, progress -> {
            java.nio.file.Path file = credentials.store(name, value);
            return new Stored(file, credentials.list(), settings.models());
        }, (Stored result) -> {
            storingCredential.set(false);
            showKeys(result.keys());
            keysGeneration++;
            // The readiness may have changed (unless a model save began meanwhile); a form with unsaved edits keeps them.
            if (models == modelsGeneration) showModels(result.models(), false);
            credentialFeedback.set(new Feedback(Feedback.Kind.OK, "Stored " + name + " in " + result.file()));
        }, e -> {
            storingCredential.set(false);
            keysGeneration++;
            credentialFeedback.set(error(e));
        });
    }

    private void showKeys(List<UserCredentials.Entry> keys) {
        credentialRows.setAll(keys.stream().map(k -> new CredentialRow(k.name(), where(k.source()))).toList());
    }

    private String where(String source) {
        if (source == null) return "not set";
        if ("environment".equals(source)) return "set · from the environment";
        return "set · from the credentials file";
    }

    // ---- identity

    /** Stores the author in the user's settings.yaml. */
    public void onSaveAuthor() {
        if (savingAuthor.get()) return;
        String name = authorName.get();
        String email = authorEmail.get();
        authorGeneration++;
        savingAuthor.set(true);
        runner.run("Saving author", progress -> StudioSettings.storeAuthor(name, email),
                file -> {
                    savingAuthor.set(false);
                    authorGeneration++;
                    authorClean = new AuthorFields(blank(name), blank(email));
                    authorFeedback.set(new Feedback(Feedback.Kind.OK, "Saved to " + file));
                },
                e -> {
                    savingAuthor.set(false);
                    authorGeneration++;
                    authorFeedback.set(error(e));
                });
    }

    /** Fills the author fields from settings.yaml unless they hold unsaved edits. */
    private void showAuthor(org.promptstudio.vcs.Author author) {
        if (authorFormEdited()) return;
        AuthorFields a = author == null ? new AuthorFields("", "") : new AuthorFields(author.name(), author.email());
        authorName.set(a.name());
        authorEmail.set(a.email());
        authorClean = a;
    }

    /** Whether the author fields hold edits not saved to settings.yaml. */
    public boolean authorFormEdited() {
        return !blank(authorName.get()).equals(authorClean.name()) || !blank(authorEmail.get()).equals(authorClean.email());
    }

    private static String blank(String s) {
        return s == null ? "" : s.strip();
    }

    // ---- registries

    private void showRegistries(List<RegistryEntry> all) {
        registries.setAll(all.stream().map(r -> new RegistryRow(r.name(), r.url(), r.branch())).toList());
    }

    /** Fills the registry fields with {@code entry}. */
    public void onRegistrySelected(RegistryRow entry) {
        if (entry == null) return;
        registryName.set(entry.name());
        registryUrl.set(entry.url());
        registryBranch.set(entry.branch() == null ? "" : entry.branch());
        registryFeedback.set(Feedback.NONE);
    }

    /** Adds the registry in the fields to studio.yaml, or changes the one with its name. */
    public void onSaveRegistry() {
        if (savingRegistry.get()) return;
        RegistryEntry entry = new RegistryEntry(registryName.get(), registryUrl.get(), registryBranch.get());
        record Saved(RegistryEntry registry, List<RegistryEntry> all) {
        }
        registriesGeneration++;
        savingRegistry.set(true);
        runner.run("Saving registry", progress -> {
            RegistryEntry saved = settings.saveRegistry(entry);
            return new Saved(saved, settings.registries());
        }, (Saved result) -> {
            savingRegistry.set(false);
            registriesGeneration++;
            showRegistries(result.all());
            registryFeedback.set(new Feedback(Feedback.Kind.OK, "Saved registry " + result.registry().name()
                    + " to studio.yaml"));
        }, e -> {
            savingRegistry.set(false);
            registriesGeneration++;
            registryFeedback.set(error(e));
        });
    }

    /** Removes the registry named in the fields from studio.yaml. */
    public void onRemoveRegistry() {
        String name = registryName.get() == null ? "" : registryName.get().strip();
        if (name.isEmpty()) {
            registryFeedback.set(new Feedback(Feedback.Kind.ERROR, "Select a registry to remove"));
            return;
        }
        if (savingRegistry.get()) return;
        registriesGeneration++;
        savingRegistry.set(true);
        runner.run("Removing registry " + name, progress -> {
            settings.removeRegistry(name);
            return settings.registries();
        }, all -> {
            savingRegistry.set(false);
            registriesGeneration++;
            showRegistries(all);
            registryName.set("");
            registryUrl.set("");
            registryBranch.set("");
            registryFeedback.set(new Feedback(Feedback.Kind.OK, "Removed registry " + name + " from studio.yaml"));
        }, e -> {
            savingRegistry.set(false);
            registriesGeneration++;
            registryFeedback.set(error(e));
        });
    }

    private static Feedback error(Throwable e) {
        return new Feedback(Feedback.Kind.ERROR, ErrorText.reason(e));
    }

    private static String blankOr(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip();
    }

    // ---- properties

    /** The window's theme: the shell binds its own theme to this both ways; choosing here changes the window. */
    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** True once the first load from the files has finished (with or without an error). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** studio.yaml's models, as the file says now, each with its readiness. */
    public ObservableList<ModelRow> models() {
        return modelsView;
    }

    public ObservableList<String> providerKinds() {
        return providerKindsView;
    }

    /** The id of the model the form edits as studio.yaml has it; null for a new model. */
    public ReadOnlyStringProperty selectedModelIdProperty() {
        return selectedModelId.getReadOnlyProperty();
    }

    public StringProperty modelIdProperty() {
        return modelId;
    }

    public StringProperty modelProviderProperty() {
        return modelProvider;
    }

    public StringProperty modelNameProperty() {
        return modelName;
    }

    public StringProperty modelBaseUrlProperty() {
        return modelBaseUrl;
    }

    /** Input price, USD per million tokens, as typed. */
    public StringProperty inputPriceProperty() {
        return inputPrice;
    }

    /** Output price, USD per million tokens, as typed. */
    public StringProperty outputPriceProperty() {
        return outputPrice;
    }

    public StringProperty maxConcurrencyProperty() {
        return maxConcurrency;
    }

    public StringProperty requestsPerMinuteProperty() {
        return requestsPerMinute;
    }

    public ReadOnlyObjectProperty<Feedback> modelFeedbackProperty() {
        return modelFeedback.getReadOnlyProperty();
    }

    /** The last connection test: working, ok with milliseconds, or the one-line reason. */
    public ReadOnlyObjectProperty<Feedback> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** Each provider variable and where it is set; never a value. */
    public ObservableList<CredentialRow> credentials() {
        return credentialRowsView;
    }

    public StringProperty credentialNameProperty() {
        return credentialName;
    }

    /** The key being typed; emptied as soon as it is stored (or refused). */
    public StringProperty credentialValueProperty() {
        return credentialValue;
    }

    public ReadOnlyObjectProperty<Feedback> credentialFeedbackProperty() {
        return credentialFeedback.getReadOnlyProperty();
    }

    public StringProperty authorNameProperty() {
        return authorName;
    }

    public StringProperty authorEmailProperty() {
        return authorEmail;
    }

    public ReadOnlyObjectProperty<Feedback> authorFeedbackProperty() {
        return authorFeedback.getReadOnlyProperty();
    }

    public ObservableList<RegistryRow> registries() {
        return registriesView;
    }

    public StringProperty registryNameProperty() {
        return registryName;
    }

    public StringProperty registryUrlProperty() {
        return registryUrl;
    }

    public StringProperty registryBranchProperty() {
        return registryBranch;
    }

    public ReadOnlyObjectProperty<Feedback> registryFeedbackProperty() {
        return registryFeedback.getReadOnlyProperty();
    }

    /** A model is being saved or removed: the model's Save and Remove buttons wait. */
    public ReadOnlyBooleanProperty savingModelProperty() {
        return savingModel.getReadOnlyProperty();
    }

    /** A key is being stored: Store key waits. */
    public ReadOnlyBooleanProperty storingCredentialProperty() {
        return storingCredential.getReadOnlyProperty();
    }

    /** The author is being saved: Save author waits. */
    public ReadOnlyBooleanProperty savingAuthorProperty() {
        return savingAuthor.getReadOnlyProperty();
    }

    /** A registry is being saved or removed: its Save and Remove buttons wait. */
    public ReadOnlyBooleanProperty savingRegistryProperty() {
        return savingRegistry.getReadOnlyProperty();
    }

    /** The workspace's studio.yaml (models, registries). */
    public ReadOnlyStringProperty workspaceFileProperty() {
        return workspaceFile.getReadOnlyProperty();
    }

    /** The user's credentials file (keys). */
    public ReadOnlyStringProperty credentialsFileProperty() {
        return credentialsFile.getReadOnlyProperty();
    }

    /** The user's settings.yaml (author). */
    public ReadOnlyStringProperty settingsFileProperty() {
        return settingsFile.getReadOnlyProperty();
    }
}
