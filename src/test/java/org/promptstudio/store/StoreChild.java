package org.promptstudio.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Another studio process on the same workspace, started by {@link ChildJvm} for the tests that need one.
 * {@code write STATE_DIR}: records calls in a loop, one line {@code id N} after each insert has returned, until
 * killed (or after a minute). {@code serve STATE_DIR}: records one call, prints {@code ready N}, then answers
 * {@code count}, {@code insert} and {@code quit} on standard input. {@code lock FILE}: holds the operating
 * system's lock on FILE, prints {@code locked}, and lets it go (printing {@code released}) at a line on standard
 * input. {@code hold STATE_DIR}: opens the workspace's database file as a program other than the studio would (plain
 * H2, no address written), prints {@code holding}, and closes it at a line on standard input.
 */
public final class StoreChild {

    private StoreChild() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> write(state);
            case "serve" -> serve(state);
            case "lock" -> lock(state);
            case "hold" -> hold(state);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void write(Path state) {
        Database db = Database.open(state);
        long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "durability", null, null)).id();
        String text = "x".repeat(1500);
        long end = System.nanoTime() + 60_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            if (i % 10 == 9) {
                // every tenth time, a small batch: its ids are printed once the whole batch has returned
                List<CallRecord> batch = new ArrayList<>();
                for (int j = 0; j < 5; j++) batch.add(call(run, i, text));
                for (long id : db.calls().insertBatch(batch)) System.out.println("id " + id);
            } else {
                System.out.println("id " + db.calls().insert(call(run, i, text)));
            }
            System.out.flush();
        }
        db.close();
    }

    private static CallRecord call(Long run, int i, String text) {
        return CallRecord.builder().runId(run).prompt("prompts/answer.prompt", "abc1234").model("builtin", "echo")
                .tokens(100, 20).latencyMs(5L).createdAt(Instant.now()).caseId("case-" + i)
                .texts(new CallTexts("[{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}]}]", text, null, null))
                .build();
    }

    private static void serve(Path state) throws Exception {
        Database db = Database.open(state);
        System.out.println("ready " + db.calls().insert(call(null, 0, "from the first studio")));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            switch (line.strip()) {
                case "count" -> System.out.println("count " + db.calls().count());
                case "insert" -> System.out.println("id " + db.calls().insert(call(null, 1, "again")));
                case "quit" -> {
                    db.close();
                    System.out.println("closed");
                    return;
                }
                default -> System.out.println("unknown " + line);
            }
            System.out.flush();
        }
        db.close();
    }

    private static void lock(Path file) throws Exception {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = channel.lock()) {
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        System.out.println("released");
        System.out.flush();
    }

    private static void hold(Path state) throws Exception {
        String url = "jdbc:h2:file:" + state.toAbsolutePath().resolve(Database.RELATIVE_PATH) + ";FILE_LOCK=FS";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "")) {
            c.isValid(5);
            System.out.println("holding");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
    }
}
