package org.promptstudio;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The studio's own entry point ({@link Main}), held at the start line: prints {@code ready}, waits for one line on
 * standard input, then runs {@code Main.main(args)} (which exits with the command's status). A test starts several
 * and releases them together, so their studios open the same workspace at the same moment.
 */
public final class HeldStart {

    private HeldStart() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) System.exit(3);
        Main.main(args);
    }
}
