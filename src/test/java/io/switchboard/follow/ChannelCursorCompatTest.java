package io.switchboard.follow;

import static io.switchboard.follow.FileCursorStoreTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail outbox's and the WeChat replier's cursor files as the build before the shared cursor
 * store wrote them (test resources {@code cursors-cda92fa/}, produced by that build's
 * {@code OutboxFile} and {@code WeChatReplier}) are found under the names today's followers use,
 * in a format they parse. The full path through each follower runs in {@code EmailReplyServerTest}
 * (a restart with a reply pending) on files this build wrote.
 */
class ChannelCursorCompatTest {
    private final Vertx vertx = Vertx.vertx();
    @TempDir
    Path data;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void read_filesOfTheEarlierBuild_underTodaysNames_parseAsBefore() throws Exception {
        for (String name : new String[] {"mail-outbox/state.json", "wechat/reply-cursor"}) {
            Files.createDirectories(data.resolve(name).getParent());
            try (var in = getClass().getResourceAsStream("/cursors-cda92fa/" + name)) {
                Files.write(data.resolve(name), in.readAllBytes());
            }
        }
        FileCursorStore store = new FileCursorStore(vertx, data);

        JsonObject mail = new JsonObject(await(store.read(io.switchboard.channels.email.MailOutbox.CURSOR)));
        assertThat(mail.getLong("cursor")).isEqualTo(23);
        assertThat(mail.getLong("sendFrom")).isEqualTo(12);
        assertThat(mail.getJsonObject("threads").getJsonObject("T-7").getString("subject")).isEqualTo("订单 A-1001 退款");
        assertThat(Long.parseLong(await(store.read(io.switchboard.channels.wechat.WeChatReplier.CURSOR)).trim()))
                .isEqualTo(35);
    }
}
