package org.promptstudio.app;

import java.nio.file.Path;

/** A workspace just created: where it is, its name, and the short id of its first commit. */
public record NewWorkspace(Path root, String name, String commit) {
}
