package org.promptstudio.ui.runs;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.promptstudio.app.Studio;

/** The windowless run-list tests' set-up: {@link RunsFixture}'s workspace opened before each test, closed after. */
abstract class RunsFixtureBase {

    @TempDir
    Path dir;
    Studio studio;
    final RunsFixture fixture = new RunsFixture();

    @BeforeEach
    void open() throws Exception {
        studio = fixture.open(dir);
    }

    @AfterEach
    void close() {
        studio.close();
    }
}
