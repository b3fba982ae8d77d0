package org.promptstudio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.promptstudio.app.PromptImport;
import org.promptstudio.app.Studio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code studio import ...}: brings prompts written for other tools into the workspace. */
@Command(name = "import", description = "Import prompts written for other tools.",
        subcommands = {ImportCommand.Prompty.class})
final class ImportCommand {

    @ParentCommand
    StudioCommand root;

    /** {@code studio import prompty FILE.prompty [--to prompts/NAME.prompt] [--force]}. */
    @Command(name = "prompty", description = {
        "Convert a Microsoft Prompty file to a Dotprompt prompt in prompts/, and its sample to a row of"
            + " datasets/NAME.jsonl.",
        "Spots that cannot be converted (filters, {%% set %%}, macros, ...) are listed with their line and nothing is"
            + " written, unless --force."})
    static final class Prompty implements Callable<Integer> {

        @ParentCommand
        ImportCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE.prompty", description = "The Prompty file to convert.")
        Path file;

        @Option(names = "--to", paramLabel = "prompts/NAME.prompt",
                description = "Where to write the prompt (default: prompts/ and the file's name, made a prompt name).")
        String to;

        @Option(names = "--force", description = "Write even with spots that cannot be converted (kept as"
                + " {{!-- TODO prompty --}} comments), and replace an existing prompt.")
        boolean force;

        @Override
        public Integer call() {
            Studio studio = Studio.open(parent.root.workspace());
            PromptImport.Result result = studio.promptImport().prompty(file, to, force);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (!result.written()) {
                result.problems().forEach(err::println);
                int n = result.problems().size();
                err.println("error: " + file.getFileName() + ": " + n + (n == 1 ? " spot" : " spots")
                        + " cannot be converted; nothing written (--force writes the prompt with a"
                        + " {{!-- TODO prompty --}} comment at each)");
                return StudioCommand.USER_ERROR;
            }
            result.notes().forEach(n -> out.println("note: " + n));
            result.problems().forEach(p -> err.println("warning: " + p + " (left as a TODO comment)"));
            out.println("wrote " + result.prompt());
            if (result.dataset() != null) {
                out.println(result.rowAdded() ? "added the sample as a row of " + result.dataset()
                        : "the sample is already a row of " + result.dataset());
            }
            return 0;
        }
    }
}
