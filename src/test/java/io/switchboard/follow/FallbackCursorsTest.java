package io.switchboard.follow;

import static io.switchboard.follow.FileCursorStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursors moving to a newer store (files to Redis): appends follow a document the older store still has. */
class FallbackCursorsTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path newer;
    @TempDir
    Path older;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void append_documentOnlyInTheOlderStore_carriedOverWholeThenAppendedInTheNewer() {
        CursorStore before = new FileCursorStore(vertx, older);
        await(before.append("webhooks/bot.tickets.log", "a\n"));
        CursorStore now = new FileCursorStore(vertx, newer);
        CursorStore cursors = now.fallingBackTo(before);

        await(cursors.append("webhooks/bot.tickets.log", "b\n"));
        await(cursors.append("webhooks/bot.tickets.log", "c\n"));
        await(cursors.append("webhooks/new.tickets.log", "x\n"));

        assertThat(await(now.read("webhooks/bot.tickets.log"))).isEqualTo("a\nb\nc\n");
        assertThat(await(now.read("webhooks/new.tickets.log"))).isEqualTo("x\n");
        assertThat(await(before.read("webhooks/bot.tickets.log"))).as("the older store is only read").isEqualTo("a\n");
        assertThat(await(cursors.read("webhooks/bot.tickets.log"))).isEqualTo("a\nb\nc\n");
    }
}
