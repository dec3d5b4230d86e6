package io.switchboard.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead letters as an append-only log: each change one line, read back in order after a restart,
 * bounded per subscription, compacted once the log outgrows the letters, and the whole-array file
 * of earlier builds migrated.
 */
class DeadLettersTest {
    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void addAndRemove_thenReload_keepsTheRemainingLettersInOrderAppendingOneLinePerChange() throws Exception {
        DeadLetters letters = load(100);
        on(() -> {
            add(letters, "msg_a_1");
            add(letters, "msg_a_2");
            add(letters, "msg_a_3");
            return letters.flush();
        });
        on(() -> {
            letters.remove("msg_a_2"); // a replay delivered it
            add(letters, "msg_a_3"); // a replay of 3 failed again: updated, not added twice
            return letters.flush();
        });

        assertThat(Files.readAllLines(dir.resolve("a.dead.log"))).hasSize(5);
        DeadLetters reloaded = load(100);
        assertThat(ids(reloaded.all())).containsExactly("msg_a_1", "msg_a_3");
        assertThat(reloaded.find("msg_a_3").getString("body")).isEqualTo("{\"n\":\"msg_a_3\"}");
        assertThat(reloaded.count()).isEqualTo(2);
    }

    @Test
    void add_beyondTheBound_dropsTheOldest() {
        DeadLetters letters = load(3);
        on(() -> {
            for (int i = 1; i <= 5; i++) {
                add(letters, "msg_a_" + i);
            }
            return letters.flush();
        });

        assertThat(ids(letters.all())).containsExactly("msg_a_3", "msg_a_4", "msg_a_5");
        assertThat(ids(load(3).all())).containsExactly("msg_a_3", "msg_a_4", "msg_a_5");
    }

    @Test
    void flush_logOutgrowsTheLetters_rewritesItWithTheLettersAlone() throws Exception {
        DeadLetters letters = load(100);
        for (int round = 0; round < DeadLetters.COMPACT_MIN_LINES; round++) {
            String id = "msg_a_" + round;
            on(() -> {
                add(letters, id);
                letters.remove(id);
                return letters.flush();
            });
        }
        on(() -> {
            add(letters, "msg_a_kept");
            return letters.flush();
        });

        assertThat(Files.readAllLines(dir.resolve("a.dead.log")).size()).isLessThanOrEqualTo(DeadLetters.COMPACT_MIN_LINES);
        assertThat(ids(load(100).all())).containsExactly("msg_a_kept");
    }

    @Test
    void load_earlierBuildsArrayFile_isReadAndReplacedByTheLogAtTheFirstChange() throws Exception {
        JsonArray old = new JsonArray().add(letter("msg_a_1")).add(letter("msg_a_2"));
        Files.writeString(dir.resolve("a.dead.json"), old.encode());
        DeadLetters letters = load(100);
        assertThat(ids(letters.all())).containsExactly("msg_a_1", "msg_a_2");

        on(() -> {
            letters.remove("msg_a_1");
            return letters.flush();
        });

        assertThat(dir.resolve("a.dead.json")).doesNotExist();
        assertThat(ids(load(100).all())).containsExactly("msg_a_2");
    }

    @Test
    void load_tornLastLine_isSkipped() throws Exception {
        DeadLetters letters = load(100);
        on(() -> {
            add(letters, "msg_a_1");
            return letters.flush();
        });
        Files.writeString(dir.resolve("a.dead.log"), "{\"add\":{\"webhookId\":\"msg_a_2\",\"bo", StandardOpenOption.APPEND);

        assertThat(ids(load(100).all())).containsExactly("msg_a_1");
    }

    private DeadLetters load(int bound) {
        return DeadLetters.load(vertx, dir, "a", bound);
    }

    private static void add(DeadLetters letters, String id) {
        letters.add(id, "ticket.created", 7, "T-1", "{\"n\":\"" + id + "\"}", 3, 1_700_000_000_000L,
                1_700_000_100_000L, 500, "HTTP 500");
    }

    private static JsonObject letter(String id) {
        return new JsonObject().put("webhookId", id).put("type", "ticket.created").put("position", 7).put("key", "T-1")
                .put("body", "{}").put("attempts", 3);
    }

    private static List<String> ids(JsonArray letters) {
        List<String> out = new ArrayList<>();
        letters.forEach(o -> out.add(((JsonObject) o).getString("webhookId")));
        return out;
    }

    private <T> T on(Supplier<Future<T>> action) {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(done));
        try {
            return done.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
