package io.switchboard.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursors as files: atomic replacement, a restart reads them back, and a name never leaves the directory. */
class FileCursorStoreTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void write_thenANewStoreOnTheSameDirectory_readsTheLastDocument() throws Exception {
        FileCursorStore first = new FileCursorStore(vertx, dir);
        await(first.write("mail-outbox/state.json", "{\"cursor\":1}"));
        await(first.write("mail-outbox/state.json", "{\"cursor\":2}"));

        FileCursorStore restarted = new FileCursorStore(vertx, dir);
        assertThat(await(restarted.read("mail-outbox/state.json"))).isEqualTo("{\"cursor\":2}");
        assertThat(Files.readString(dir.resolve("mail-outbox/state.json"))).isEqualTo("{\"cursor\":2}");
        assertThat(dir.resolve("mail-outbox/state.json.tmp")).doesNotExist();
    }

    @Test
    void append_twiceThenANewStore_readsBothAppendsInOrder() {
        FileCursorStore store = new FileCursorStore(vertx, dir);
        await(store.append("webhooks/a.tickets.log", "{\"asOf\":1}\n"));
        await(store.append("webhooks/a.tickets.log", "{\"asOf\":2}\n"));

        assertThat(await(new FileCursorStore(vertx, dir).read("webhooks/a.tickets.log")))
                .isEqualTo("{\"asOf\":1}\n{\"asOf\":2}\n");
    }

    @Test
    void append_storeWithoutAnAppendOfItsOwn_rewritesTheDocumentWithTheTextAdded() {
        FileCursorStore files = new FileCursorStore(vertx, dir);
        CursorStore readAndWrite = new CursorStore() { // only the interface's default append
            @Override
            public Future<String> read(String name) {
                return files.read(name);
            }

            @Override
            public Future<Void> write(String name, String document) {
                return files.write(name, document);
            }

            @Override
            public Future<Void> delete(String name) {
                return files.delete(name);
            }

            @Override
            public boolean durable() {
                return true;
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        await(readAndWrite.append("log", "a\n"));
        await(readAndWrite.append("log", "b\n"));
        assertThat(await(files.read("log"))).isEqualTo("a\nb\n");
    }

    @Test
    void read_nothingWritten_isNull() {
        assertThat(await(new FileCursorStore(vertx, dir).read("wechat/reply-cursor"))).isNull();
    }

    @Test
    void delete_writtenCursor_isGoneAndDeletingAgainIsFine() {
        FileCursorStore store = new FileCursorStore(vertx, dir);
        await(store.write("webhooks/a.cursor.json", "{}"));
        await(store.delete("webhooks/a.cursor.json"));
        await(store.delete("webhooks/a.cursor.json"));
        assertThat(await(store.read("webhooks/a.cursor.json"))).isNull();
    }

    @Test
    void write_nameLeavingTheDirectory_isRefusedAndWritesNothing() {
        FileCursorStore store = new FileCursorStore(vertx, dir.resolve("data"));
        assertThatThrownBy(() -> store.write("../escaped", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    @Test
    void fallingBackTo_olderHasTheCursor_readsItUntilTheNewerIsWritten() {
        FileCursorStore older = new FileCursorStore(vertx, dir.resolve("old"));
        FileCursorStore newer = new FileCursorStore(vertx, dir.resolve("new"));
        await(older.write("wechat/reply-cursor", "35"));
        CursorStore both = newer.fallingBackTo(older);

        assertThat(await(both.read("wechat/reply-cursor"))).isEqualTo("35");
        await(both.write("wechat/reply-cursor", "36"));
        assertThat(await(both.read("wechat/reply-cursor"))).isEqualTo("36");
        assertThat(await(older.read("wechat/reply-cursor"))).as("the older store is only read").isEqualTo("35");
        await(both.delete("wechat/reply-cursor"));
        assertThat(await(both.read("wechat/reply-cursor"))).as("a deleted cursor does not come back").isNull();
    }

    @Test
    void none_afterAWrite_readsNothingAndIsNotDurable() {
        CursorStore none = CursorStore.none();
        await(none.write("x", "1"));
        assertThat(await(none.read("x"))).isNull();
        assertThat(none.durable()).isFalse();
    }

    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
