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

    @Test
    void append_linesAddedInOrderInTheHashField_writeReplaces_aNewJournalReadsThem() {
        RedisJournal journal = new RedisJournal(vertx, redis.url(), false);
        await(journal.open());
        CursorStore cursors = journal.cursors();
        await(cursors.append("webhooks/bot.tickets.log", "{\"asOf\":3}\n"));
        await(cursors.append("webhooks/bot.tickets.log", "{\"asOf\":5,\"subject\":\"订单\"}\n"));
        await(cursors.write("webhooks/crm.tickets.log", "{\"asOf\":1}\n")); // an earlier build's whole rewrite
        await(cursors.append("webhooks/crm.tickets.log", "{\"asOf\":2}\n"));
        await(journal.close());

        RedisJournal restarted = new RedisJournal(vertx, redis.url(), false);
        await(restarted.open());
        CursorStore after = restarted.cursors();
        assertThat(await(after.read("webhooks/bot.tickets.log")))
                .isEqualTo("{\"asOf\":3}\n{\"asOf\":5,\"subject\":\"订单\"}\n");
        assertThat(await(after.read("webhooks/crm.tickets.log"))).isEqualTo("{\"asOf\":1}\n{\"asOf\":2}\n");
        assertThat(redis.command("HLEN " + RedisCursorStore.CURSORS)).as("one field per document, where every build reads it")
                .isEqualTo(":2");
        await(after.write("webhooks/bot.tickets.log", "{\"asOf\":9}\n"));
        assertThat(await(after.read("webhooks/bot.tickets.log"))).isEqualTo("{\"asOf\":9}\n");
        await(after.delete("webhooks/crm.tickets.log"));
        assertThat(await(after.read("webhooks/crm.tickets.log"))).isNull();
        await(restarted.close());
    }
}
