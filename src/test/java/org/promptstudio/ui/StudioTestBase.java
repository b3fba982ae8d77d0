package org.promptstudio.ui;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;

/**
 * A windowless view-model test's set-up: the workspace {@link #openWorkspace} makes in a fresh folder, opened before
 * each test and closed after.
 */
public abstract class StudioTestBase {

    @TempDir
    protected Path dir;
    protected Studio studio;

    /** Makes and opens the test's workspace in {@code dir} (an empty temporary folder). */
    protected abstract Studio openWorkspace(Path dir) throws Exception;

    @BeforeEach
    protected void openStudio() throws Exception {
        studio = openWorkspace(dir);
    }

    @AfterEach
    protected void closeStudio() {
        studio.close();
    }
}
