package org.promptstudio.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.promptstudio.model.CallRecord;
import org.promptstudio.model.CallTexts;
import org.promptstudio.model.RunKind;
import org.promptstudio.model.RunRecord;

/**
 * Another studio process on the same workspace, started by {@link ChildJvm} for the tests that need one and by
 * {@link KillHarness}. {@code write STATE_DIR [VARIANT]}: records calls in a loop (texts of 200 to 3,200 characters,
 * every tenth time a batch of five), one line {@code id N} after each insert or batch has returned, until killed (or
 * after two minutes); VARIANT is one of {@link KillHarness}'s store settings ({@code current}, the default, is the
 * settings as committed). {@code serve STATE_DIR}: records one call, prints {@code ready N}, then answers
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
            case "write" -> write(state, args.length > 2 ? args[2] : "current");
            case "serve" -> serve(state);
            case "lock" -> lock(state);
            case "hold" -> hold(state);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * The write loop of {@link DurabilityTest} and {@link KillHarness}: {@code retention} sets
     * {@code RETENTION_TIME=1000} on the open store, {@code compact} rewrites sparse chunks after commits
     * ({@code MVStore.compact(Database.DENSE_FILL_RATE, 4 MB)} at most every 200 ms, then a commit and an fsync), {@code both} does both.
     */
    private static void write(Path state, String variant) throws Exception {
        if (!List.of("current", "retention", "compact", "both").contains(variant)) {
            throw new IllegalArgumentException("no such variant: " + variant);
        }
        Database db = Database.open(state);
        org.h2.mvstore.MVStore store = store(db);
        boolean compact = variant.equals("compact") || variant.equals("both");
        if (variant.equals("retention") || variant.equals("both")) store.setRetentionTime(1000);
        long run = db.runs().insert(RunRecord.started(RunKind.EXPERIMENT, "durability", null, null)).id();
        // texts of varied sizes, so that the file ages and H2 reuses the space of freed chunks
        Random random = new Random();
        long end = System.nanoTime() + 120_000_000_000L;
        long lastCompact = System.nanoTime();
        for (int i = 0; System.nanoTime() < end; i++) {
            String text = "x".repeat(200 + random.nextInt(3000));
            if (i % 10 == 9) {
                // every tenth time, a small batch: its ids are printed once the whole batch has returned
                List<CallRecord> batch = new ArrayList<>();
                for (int j = 0; j < 5; j++) batch.add(call(run, i, text));
                for (long id : db.calls().insertBatch(batch)) System.out.println("id " + id);
            } else {
                System.out.println("id " + db.calls().insert(call(run, i, text)));
            }
            System.out.flush();
            if (compact && System.nanoTime() - lastCompact > 200_000_000L) {
                lastCompact = System.nanoTime();
                if (store.compact(Database.DENSE_FILL_RATE, Database.DENSE_WRITE_BYTES)) store.commit();
                store.getFileStore().sync();
            }
        }
        db.close();
    }

    /** The H2 store under {@code db}'s own (holder's) connection. */
    static org.h2.mvstore.MVStore store(Database db) throws Exception {
        try (java.sql.Connection c = db.pool().getConnection()) {
            org.h2.engine.SessionLocal local = (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class)
                    .getSession();
            return local.getDatabase().getStore().getMvStore();
        }
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
