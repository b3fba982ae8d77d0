package org.promptstudio;

import org.promptstudio.app.StudioParts;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.promptstudio.app.Studio;

/**
 * A studio that keeps a workspace open as the window does: opens it and its database, prints {@code open}, then
 * answers {@code runs} (how many runs it sees) and {@code quit} on standard input.
 */
public final class HeldStudio {

    private HeldStudio() {
    }

    public static void main(String[] args) throws Exception {
        try (Studio studio = Studio.open(Path.of(args[0]))) {
            StudioParts.database(studio);
            System.out.println("open");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("runs")) System.out.println("runs " + StudioParts.runs(studio).latest(1000).size());
                System.out.flush();
            }
        }
        System.out.println("closed");
        System.out.flush();
    }
}
