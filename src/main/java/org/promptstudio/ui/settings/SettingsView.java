package org.promptstudio.ui.settings;

import atlantafx.base.theme.Styles;
import java.util.Objects;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import java.util.List;
import org.promptstudio.ui.common.AppIcon;
import org.promptstudio.ui.common.Texts;
import org.promptstudio.ui.common.Theme;
import org.promptstudio.ui.settings.SettingsViewModel.CredentialRow;
import org.promptstudio.ui.settings.SettingsViewModel.Feedback;
import org.promptstudio.ui.settings.SettingsViewModel.ModelRow;
import org.promptstudio.ui.settings.SettingsViewModel.RegistryRow;

/**
 * The settings page, built in code: the workspace's models with their form and a connection test, the user's keys
 * (typed into a password field, shown back only as "set"), the commit author, the workspace's registries and the
 * theme. It binds to a {@link SettingsViewModel} and forwards clicks to it; every control a test needs has an id.
 * Each section says which file it writes, so the user knows what the command line will read.
 */
public final class SettingsView {

    private final SettingsViewModel vm;
    private final ScrollPane root;
    private final ListView<ModelRow> modelList = new ListView<>();

    /** Builds the page for {@code vm}; call {@link SettingsViewModel#onActivate()} when it is shown. */
    public SettingsView(SettingsViewModel vm) {
        this.vm = vm;
        Label title = new Label("Settings");
        title.getStyleClass().add(Styles.TITLE_2);
        Label subtitle = new Label("Models and registries are the workspace's (studio.yaml, shared through git); keys,"
                + " author and theme are yours (your config folder), never in the workspace.");
        subtitle.getStyleClass().add(Styles.TEXT_MUTED);
        subtitle.setWrapText(true);

        List<Node> sections = List.of(credentialsSection(), identityAndThemeSection(), registriesSection());
        StackPane lower = new StackPane();

        VBox page = new VBox(16, new VBox(4, title, subtitle), modelsSection(), lower);
        page.setPadding(new Insets(20, 24, 24, 24));
        page.getStyleClass().add("settings-page");
        root = new ScrollPane(page);
        root.setId("settingsView");
        // As wide as the tab, never wider: a narrow window stacks the sections and the form's fields (below) and
        // scrolls down, so every control stays reachable and no field is squeezed to a few letters.
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.viewportBoundsProperty().addListener((o, was, now) -> layOut(now.getWidth(), lower, sections));
        layOut(0, lower, sections);
        root.getStyleClass().add("settings-view");
        root.getStylesheets().add(Objects.requireNonNull(SettingsView.class.getResource("settings.css")).toExternalForm());
    }

    /** Below this width of the page the lower sections stand one under the other, and the model form has 2 columns. */
    static final double STACKED_BELOW = 1080;
    static final double TWO_COLUMNS_BELOW = 1000;

    /** Below this width of the page the model list stands above the model form. */
    static final double LIST_ABOVE_BELOW = 820;

    private final GridPane modelForm = form();
    private final StackPane modelsBody = new StackPane();
    private Node modelsLeft;
    private Node modelsRight;
    private Boolean wideModels;
    private final List<Node[]> modelFields = new java.util.ArrayList<>();
    private Boolean wideSections;
    private Boolean wideForm;

    /** Puts the sections side by side or one under the other, and the model form in 4 or 2 columns, for {@code width}. */
    private void layOut(double width, StackPane lower, List<Node> sections) {
        boolean sideBySide = width >= STACKED_BELOW;
        if (!Boolean.valueOf(sideBySide).equals(wideSections)) {
            wideSections = sideBySide;
            Pane box = sideBySide ? new HBox(16) : new VBox(16);
            box.getChildren().setAll(sections);
            if (box instanceof HBox h) {
                h.setFillHeight(true);
                sections.forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
            }
            box.setId(sideBySide ? "settingsSectionsRow" : "settingsSectionsColumn");
            lower.getChildren().setAll(box);
        }
        boolean listBeside = width == 0 || width >= LIST_ABOVE_BELOW;
        if (!Boolean.valueOf(listBeside).equals(wideModels)) {
            wideModels = listBeside;
            modelList.setPrefHeight(listBeside ? 300 : 180);
            Pane box = listBeside ? new HBox(20, modelsLeft, modelsRight) : new VBox(14, modelsLeft, modelsRight);
            modelsBody.getChildren().setAll(box);
        }
        boolean fourColumns = width == 0 || width >= TWO_COLUMNS_BELOW;
        if (!Boolean.valueOf(fourColumns).equals(wideForm)) {
            wideForm = fourColumns;
            modelForm.getChildren().clear();
            if (fourColumns) {
                modelForm.getColumnConstraints().setAll(labelColumn(), growColumn(), labelColumn(), growColumn());
                for (int i = 0; i < modelFields.size(); i += 2) {
                    Node[] a = modelFields.get(i);
                    Node[] b = i + 1 < modelFields.size() ? modelFields.get(i + 1) : new Node[0];
                    modelForm.addRow(i / 2, concat(a, b));
                }
            } else {
                modelForm.getColumnConstraints().setAll(labelColumn(), growColumn());
                for (int i = 0; i < modelFields.size(); i++) modelForm.addRow(i, modelFields.get(i));
            }
        }
    }

    private static Node[] concat(Node[] a, Node[] b) {
        Node[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The page, to put in a tab or a window. */
    public Node node() {
        return root;
    }

    // ---- models

    private Node modelsSection() {
        modelList.setId("modelList");
        modelList.setItems(vm.models());
        modelList.setPrefWidth(300);
        modelList.setMinWidth(240);
        modelList.setPrefHeight(300);
        modelList.setCellFactory(list -> new ModelCell());
        modelList.setPlaceholder(Texts.emptyState("modelListEmpty",
                "No model in studio.yaml yet: New model adds one, then Save model writes it"));
        modelList.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null && !now.id().equals(vm.selectedModelIdProperty().get())) vm.onModelSelected(now);
        });
        // The list is read again from studio.yaml after each change: keep the edited model selected.
        vm.models().addListener((ListChangeListener<ModelRow>) c -> reselect());
        vm.selectedModelIdProperty().addListener((o, was, now) -> reselect());
        Button add = button("newModel", "New model", AppIcon.NEW);
        add.setOnAction(e -> {
            modelList.getSelectionModel().clearSelection();
            vm.onNewModel();
        });
        add.getStyleClass().add(Styles.FLAT);
        VBox left = new VBox(8, modelList, add);
        VBox.setVgrow(modelList, Priority.ALWAYS);

        ComboBox<String> provider = new ComboBox<>(vm.providerKinds());
        provider.setId("modelProvider");
        provider.valueProperty().bindBidirectional(vm.modelProviderProperty());
        provider.setMaxWidth(Double.MAX_VALUE);

        modelFields.add(new Node[] {label("Id"), field("modelId", vm.modelIdProperty(), "short name that prompts use")});
        modelFields.add(new Node[] {label("Provider"), provider});
        modelFields.add(new Node[] {label("Model name"),
                field("modelName", vm.modelNameProperty(), "as the provider names it")});
        modelFields.add(new Node[] {label("Base URL"),
                field("modelBaseUrl", vm.modelBaseUrlProperty(), "empty: the provider's default")});
        modelFields.add(new Node[] {label("Input price"), withUnit(field("modelInputPrice", vm.inputPriceProperty(),
                "empty: not priced"), "USD / 1M tokens")});
        modelFields.add(new Node[] {label("Output price"), withUnit(field("modelOutputPrice", vm.outputPriceProperty(),
                "empty: not priced"), "USD / 1M tokens")});
        modelFields.add(new Node[] {label("Max concurrency"), withUnit(field("modelMaxConcurrency",
                vm.maxConcurrencyProperty(), "empty: no limit"), "calls at once")});
        modelFields.add(new Node[] {label("Requests per minute"), withUnit(field("modelRequestsPerMinute",
                vm.requestsPerMinuteProperty(), "empty: no limit"), "per minute")});
        GridPane form = modelForm;

        Button save = button("saveModel", "Save model", null);
        save.getStyleClass().add(Styles.ACCENT);
        save.setDefaultButton(false);
        save.setOnAction(e -> vm.onSaveModel());
        save.disableProperty().bind(vm.savingModelProperty());
        Button test = button("testConnection", "Test connection", AppIcon.LINK);
        test.setOnAction(e -> vm.onTestConnection());
        test.disableProperty().bind(vm.connectionProperty().map(f -> f.kind() == Feedback.Kind.WORKING));
        Button remove = button("removeModel", "Remove", AppIcon.DELETED);
        remove.getStyleClass().addAll(Styles.DANGER, Styles.FLAT);
        remove.disableProperty().bind(vm.selectedModelIdProperty().isNull().or(vm.savingModelProperty()));
        remove.setOnAction(e -> vm.onRemoveModel());
        Label connection = feedback("connectionResult", vm.connectionProperty());
        HBox actions = new HBox(8, save, test, connection, spacer(), remove);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label readiness = new Label();
        readiness.setId("modelReadiness");
        readiness.getStyleClass().add(Styles.TEXT_MUTED);
        readiness.setWrapText(true);
        readiness.textProperty().bind(modelList.getSelectionModel().selectedItemProperty().map(m ->
                m.readiness() == null ? "" : !m.ready() ? "Not ready: " + m.readiness()
                        : m.readiness().equals("ready") ? "Ready to call."
                        : "Ready as far as checked: " + m.readiness().substring("ready: ".length())
                          + "; the server is asked only by a call or Test connection.").orElse(""));

        VBox right = new VBox(14, form, readiness, actions, feedback("modelMessage", vm.modelFeedbackProperty()));
        HBox.setHgrow(right, Priority.ALWAYS);
        Node body = modelsBody;
        modelsLeft = left;
        modelsRight = right;
        return section("Models and providers", "models:  in " + vm.workspaceFileProperty().get()
                + "  ·  left as a working change for you to commit", body, "modelsSection");
    }

    private void reselect() {
        String id = vm.selectedModelIdProperty().get();
        ModelRow now = modelList.getSelectionModel().getSelectedItem();
        if (id == null) {
            if (now != null) modelList.getSelectionModel().clearSelection();
            return;
        }
        if (now != null && now.id().equals(id) && vm.models().contains(now)) return;
        vm.models().stream().filter(m -> m.id().equals(id)).findFirst()
                .ifPresent(m -> modelList.getSelectionModel().select(m));
    }

    /** A model in the list: its id, then provider · model, and a dot that says whether it is ready. */
    private static final class ModelCell extends ListCell<ModelRow> {
        @Override
        protected void updateItem(ModelRow m, boolean empty) {
            super.updateItem(m, empty);
            if (empty || m == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label id = new Label(m.id());
            id.getStyleClass().add(Styles.TEXT_BOLD);
            Label what = new Label(m.provider() + (m.model() == null ? "" : " · " + m.model()));
            what.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            Region dot = new Region();
            dot.getStyleClass().addAll("ready-dot", m.ready() ? "ready" : "not-ready");
            HBox line = new HBox(8, dot, new VBox(1, id, what));
            line.setAlignment(Pos.CENTER_LEFT);
            setText(null);
            setGraphic(line);
        }
    }

    // ---- credentials

    private Node credentialsSection() {
        ListView<CredentialRow> rows = new ListView<>(vm.credentials());
        rows.setId("credentialList");
        rows.setPrefHeight(190);
        rows.setPlaceholder(Texts.emptyState("credentialListEmpty",
                "No key is asked for: the models in studio.yaml need none. Store one below when a model does"));
        rows.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(CredentialRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                Label name = new Label(row.name());
                name.getStyleClass().add("mono");
                Label where = new Label(row.where());
                where.getStyleClass().addAll(Styles.TEXT_SMALL,
                        row.where().startsWith("set") ? Styles.SUCCESS : Styles.TEXT_MUTED);
                HBox line = new HBox(8, name, spacer(), where);
                line.setAlignment(Pos.CENTER_LEFT);
                setGraphic(line);
            }
        });
        rows.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) vm.credentialNameProperty().set(now.name());
        });
        ComboBox<String> name = new ComboBox<>();
        name.setId("credentialName");
        name.setEditable(true);
        // The combo box's skin shows its own prompt text in its editor: the hint goes on both.
        String nameHint = "name of the key, as the model's settings say";
        name.setPromptText(nameHint);
        Texts.hint(name.getEditor(), nameHint);
        vm.credentials().addListener((ListChangeListener<CredentialRow>) c ->
                name.getItems().setAll(vm.credentials().stream().map(CredentialRow::name).toList()));
        name.valueProperty().bindBidirectional(vm.credentialNameProperty());
        name.setMaxWidth(Double.MAX_VALUE);
        PasswordField value = new PasswordField();
        value.setId("credentialValue");
        Texts.hint(value, "paste the key");
        value.textProperty().bindBidirectional(vm.credentialValueProperty());
        Button store = button("storeCredential", "Store key", null);
        store.setOnAction(e -> vm.onStoreCredential());
        store.disableProperty().bind(vm.storingCredentialProperty());
        HBox.setHgrow(value, Priority.ALWAYS);
        // The name on its own line, the key and its button below: each field keeps room for its hint.
        HBox keyLine = new HBox(8, value, store);
        keyLine.setAlignment(Pos.CENTER_LEFT);
        VBox entry = new VBox(6, name, keyLine);
        VBox body = new VBox(10, rows, entry, feedback("credentialMessage", vm.credentialFeedbackProperty()));
        return section("Credentials", "written only to " + vm.credentialsFileProperty().get()
                + " (owner-only); never shown back", body, "credentialsSection");
    }

    // ---- identity and theme

    private Node identityAndThemeSection() {
        GridPane form = form();
        form.addRow(0, label("Name"), field("authorName", vm.authorNameProperty(), "your name, as commits show it"));
        form.addRow(1, label("Email"), field("authorEmail", vm.authorEmailProperty(), "your email address"));
        form.getColumnConstraints().setAll(labelColumn(), growColumn());
        Button save = button("saveAuthor", "Save author", null);
        save.setOnAction(e -> vm.onSaveAuthor());
        save.disableProperty().bind(vm.savingAuthorProperty());
        Label note = new Label("Commits use git's own user.name and user.email when set; this author otherwise.");
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setWrapText(true);
        VBox identity = new VBox(10, form, note, new HBox(8, save),
                feedback("authorMessage", vm.authorFeedbackProperty()));

        ToggleGroup group = new ToggleGroup();
        ToggleButton light = new ToggleButton("Light");
        light.setId("themeLight");
        light.getStyleClass().add(Styles.LEFT_PILL);
        light.setToggleGroup(group);
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("themeDark");
        dark.getStyleClass().add(Styles.RIGHT_PILL);
        dark.setToggleGroup(group);
        dark.setGraphic(AppIcon.THEME.icon());
        Runnable show = () -> group.selectToggle(vm.themeProperty().get() == Theme.DARK ? dark : light);
        show.run();
        vm.themeProperty().addListener((o, was, now) -> show.run());
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                show.run(); // a pill pressed twice stays chosen
            } else {
                vm.themeProperty().set(now == dark ? Theme.DARK : Theme.LIGHT);
            }
        });
        Label themeTitle = new Label("Theme");
        themeTitle.getStyleClass().add(Styles.TITLE_4);
        VBox theme = new VBox(8, themeTitle, new HBox(light, dark));
        theme.getStyleClass().add("subsection");

        return section("Author", "author:  in " + vm.settingsFileProperty().get(), new VBox(18, identity, theme),
                "identitySection");
    }

    // ---- registries

    private Node registriesSection() {
        ListView<RegistryRow> list = new ListView<>(vm.registries());
        list.setId("registryList");
        list.setPrefHeight(110);
        list.setPlaceholder(Texts.emptyState("registryListEmpty",
                "No registry yet: fill in a name and a git URL below, then Save registry"));
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(RegistryRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                    return;
                }
                Label name = new Label(r.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label url = new Label(r.url() + (r.branch() == null ? "" : "  ·  " + r.branch()));
                url.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                setGraphic(new VBox(1, name, url));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> vm.onRegistrySelected(now));
        GridPane form = form();
        form.addRow(0, label("Name"), field("registryName", vm.registryNameProperty(), "short name for publish and pull"));
        form.addRow(1, label("Git URL"), field("registryUrl", vm.registryUrlProperty(), "URL of the shared git repository"));
        form.addRow(2, label("Branch"), field("registryBranch", vm.registryBranchProperty(), "empty: the remote's default branch"));
        form.getColumnConstraints().setAll(labelColumn(), growColumn());
        Button save = button("saveRegistry", "Save registry", null);
        save.setOnAction(e -> vm.onSaveRegistry());
        save.disableProperty().bind(vm.savingRegistryProperty());
        Button remove = button("removeRegistry", "Remove", AppIcon.DELETED);
        remove.getStyleClass().addAll(Styles.DANGER, Styles.FLAT);
        remove.setOnAction(e -> vm.onRemoveRegistry());
        remove.disableProperty().bind(vm.savingRegistryProperty());
        HBox actions = new HBox(8, save, spacer(), remove);
        VBox body = new VBox(10, list, form, actions, feedback("registryMessage", vm.registryFeedbackProperty()));
        return section("Registries", "registries:  in studio.yaml  ·  used by studio publish and registry pull", body,
                "registriesSection");
    }

    // ---- building blocks

    private static Node section(String title, String where, Node body, String id) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TITLE_3);
        Label file = new Label(where);
        file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        file.setWrapText(true);
        VBox box = new VBox(12, new VBox(2, heading, file), body);
        box.getStyleClass().add("settings-section");
        box.setId(id);
        box.setMinWidth(0);
        return box;
    }

    private static GridPane form() {
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.getColumnConstraints().setAll(labelColumn(), growColumn(), labelColumn(), growColumn());
        return grid;
    }

    private static ColumnConstraints labelColumn() {
        ColumnConstraints c = new ColumnConstraints();
        c.setMinWidth(Region.USE_PREF_SIZE);
        return c;
    }

    private static ColumnConstraints growColumn() {
        ColumnConstraints c = new ColumnConstraints();
        c.setHgrow(Priority.ALWAYS);
        c.setMinWidth(120);
        return c;
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String prompt) {
        TextField f = Texts.hint(new TextField(), prompt);
        f.setId(id);
        f.textProperty().bindBidirectional(property);
        f.setMaxWidth(Double.MAX_VALUE);
        return f;
    }

    private static Node withUnit(TextField field, String unit) {
        Label u = new Label(unit);
        u.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        // One width for every unit, so the fields of a column line up.
        u.setMinWidth(96);
        u.setPrefWidth(96);
        HBox box = new HBox(8, field, u);
        box.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(field, Priority.ALWAYS);
        return box;
    }

    private static Button button(String id, String text, AppIcon icon) {
        Button b = new Button(text);
        b.setId(id);
        b.setMinWidth(Region.USE_PREF_SIZE);
        if (icon != null) b.setGraphic(icon.icon());
        return b;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** A one-line message bound to {@code feedback}: green when done, red with the reason when not. */
    private static Label feedback(String id, ObservableValue<Feedback> feedback) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        Runnable show = () -> {
            Feedback f = feedback.getValue();
            l.setText(f == null ? "" : f.text());
            l.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.TEXT_MUTED);
            if (f != null) {
                switch (f.kind()) {
                    case OK -> l.getStyleClass().add(Styles.SUCCESS);
                    case ERROR -> l.getStyleClass().add(Styles.DANGER);
                    default -> l.getStyleClass().add(Styles.TEXT_MUTED);
                }
            }
        };
        show.run();
        feedback.addListener((o, was, now) -> show.run());
        return l;
    }
}
