package org.promptstudio.app;

import org.promptstudio.experiment.ExperimentRunner;
import org.promptstudio.store.CallRepository;
import org.promptstudio.store.Database;
import org.promptstudio.store.RunRepository;

/**
 * For tests only: the parts {@link Studio} keeps to its use cases (the database, its repositories, the runner), so a
 * test can set up or read back what it needs. The faces never reach them (ArchitectureTest).
 */
public final class StudioParts {

    private StudioParts() {
    }

    public static CallRepository calls(Studio studio) {
        return studio.callRepository();
    }

    public static RunRepository runs(Studio studio) {
        return studio.runRepository();
    }

    public static Database database(Studio studio) {
        return studio.database();
    }

    public static ExperimentRunner runner(Studio studio, ModelAccess models) {
        return studio.runner(models);
    }
}
