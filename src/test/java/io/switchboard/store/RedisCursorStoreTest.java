package io.switchboard.store;

import static io.switchboard.store.FileJournalTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.follow.CursorStore;
import org.junit.jupiter.api.Test;

/** Follower cursors in the Redis hash beside the journal: they survive a restart of the node and of Redis. */
class RedisCursorStoreTest extends OnRealRedis {

    @Test
    void write_thenANewJournalOnTheSameRedis_readsTheLastDocument() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        CursorStore cursors = journal.cursors();
        await(cursors.write("mail-outbox/state.json", "{\"cursor\":1,\"subject\":\"订单\"}"));
        await(cursors.write("mail-outbox/state.json", "{\"cursor\":2,\"subject\":\"订单\"}"));
        await(cursors.write("wechat/reply-cursor", "35"));
        await(journal.close());

        RedisJournal restarted = new RedisJournal(vertx, redis.url(), false);
        await(restarted.open());
        assertThat(await(restarted.cursors().read("mail-outbox/state.json")))
                .isEqualTo("{\"cursor\":2,\"subject\":\"订单\"}");
        assertThat(await(restarted.cursors().read("wechat/reply-cursor"))).isEqualTo("35");
        assertThat(redis.command("HLEN " + RedisCursorStore.CURSORS)).isEqualTo(":2");
        await(restarted.close());
    }

    @Test
    void write_redisRestarted_theCursorIsStillThere() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        await(journal.cursors().write("webhooks/bot.cursor.json", "{\"position\":41,\"disabled\":null}"));
        await(journal.close());
        redis.command("BGREWRITEAOF");
        redis.stop(); // kill -9: the AOF (appendfsync everysec, rewritten above) keeps it
        redis.start();

        RedisJournal after = new RedisJournal(vertx, redis.url(), false);
        await(after.open());
        assertThat(await(after.cursors().read("webhooks/bot.cursor.json"))).isEqualTo("{\"position\":41,\"disabled\":null}");
        await(after.cursors().delete("webhooks/bot.cursor.json"));
        assertThat(await(after.cursors().read("webhooks/bot.cursor.json"))).isNull();
        await(after.close());
    }
}
