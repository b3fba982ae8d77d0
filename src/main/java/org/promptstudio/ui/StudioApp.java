package org.promptstudio.ui;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application (placeholder until the first window lands). */
public final class StudioApp extends Application {

    public static void launchWindow(Path workspace) {
        Application.launch(StudioApp.class, workspace.toString());
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Prompt Studio");
        stage.show();
    }
}
