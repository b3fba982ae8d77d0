package org.promptstudio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "render", description = "Render a prompt.")
final class RenderCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
