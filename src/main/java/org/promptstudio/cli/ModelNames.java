package org.promptstudio.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * The one rule for {@code --models a,b} wherever a command takes it (compare, run, test, screenshot): each name
 * stripped, none empty, none named twice. A model named twice is refused rather than run once silently: it would
 * give one column (or one scoreboard row) for two asked for, and two samples of one model are {@code --samples}'s job.
 */
final class ModelNames {

    private ModelNames() {
    }

    /**
     * The names as given, stripped, in their order.
     *
     * @param given the option's values as picocli split them; null when the option was not given
     * @param known the model ids a user could name, asked only for the error
     * @return null when {@code given} is null, else the names
     * @throws CommandLine.ParameterException (a usage error, one line) when no name is given or one is empty
     *         ({@code --models: no model named; known: echo, extractive}, also for a comma at either end) or a name
     *         comes twice ({@code --models: 'echo' is named twice; name each model once})
     */
    static List<String> check(CommandLine cl, List<String> given, Supplier<List<String>> known) {
        return check(cl, "--models", "model", given, known);
    }

    /**
     * {@code --versions 1,2} by the same rule as {@code --models}: each stripped, none empty, none named twice (two
     * names of one version still may be given, {@code 1,prod}: they are told apart later, by commit).
     *
     * @param given the option's values as picocli split them; null when the option was not given
     * @return null when {@code given} is null, else the versions
     * @throws CommandLine.ParameterException (a usage error, one line) {@code --versions: no version named} or
     *         {@code --versions: '1' is named twice; name each version once}
     */
    static List<String> checkVersions(CommandLine cl, List<String> given) {
        return check(cl, "--versions", "version", given, null);
    }

    private static List<String> check(CommandLine cl, String option, String noun, List<String> given,
                                      Supplier<List<String>> known) {
        if (given == null) return null;
        List<String> names = new ArrayList<>();
        // picocli's split drops empty items at the end ("echo," is [echo]): the raw values keep them
        List<String> raw = raw(cl, option);
        if (raw == null) {
            for (String g : given) names.add(g.strip());
        } else {
            for (String r : raw) {
                for (String g : r.split(",", -1)) names.add(g.strip());
            }
        }
        if (names.isEmpty() || names.contains("")) {
            throw new CommandLine.ParameterException(cl, option + ": no " + noun + " named"
                    + (names.size() > 1 ? " between two commas" : "")
                    + (known == null ? "" : "; known: " + String.join(", ", known.get())));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new CommandLine.ParameterException(cl, option + ": '" + n
                        + "' is named twice; name each " + noun + " once");
            }
        }
        return names;
    }

    /** The option's values as typed, before picocli split them; null when they cannot be had. */
    private static List<String> raw(CommandLine cl, String option) {
        CommandLine.ParseResult parsed = cl.getParseResult();
        if (parsed == null) return null;
        CommandLine.Model.OptionSpec matched = parsed.matchedOption(option);
        return matched == null ? null : matched.originalStringValues();
    }

    /** The ids of a workspace's models (studio.yaml's, then the built-in ones), for {@link #check}'s error. */
    static List<String> known(org.promptstudio.app.Studio studio) {
        return studio.models().models().stream().map(org.promptstudio.model.ModelRef::id).toList();
    }
}
