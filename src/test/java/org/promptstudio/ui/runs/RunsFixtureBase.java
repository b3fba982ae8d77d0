package org.promptstudio.ui.runs;

import java.nio.file.Path;
import org.promptstudio.app.Studio;
import org.promptstudio.ui.StudioTestBase;

/** The windowless run-list tests' set-up: {@link RunsFixture}'s workspace opened before each test, closed after. */
abstract class RunsFixtureBase extends StudioTestBase {

    final RunsFixture fixture = new RunsFixture();

    @Override
    protected Studio openWorkspace(Path dir) throws Exception {
        return fixture.open(dir);
    }
}
