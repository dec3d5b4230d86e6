package io.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests against one real Redis server per class ({@link RedisProcess}), emptied before each test,
 * and a Vert.x instance per test, closed after it.
 */
abstract class OnRealRedis {
    @TempDir
    static Path redisDir;
    static RedisProcess redis;
    final Vertx vertx = Vertx.vertx();

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start(redisDir);
    }

    @AfterAll
    static void stopRedis() {
        redis.stop();
    }

    @BeforeEach
    void flushRedis() {
        assertThat(redis.command("FLUSHALL")).isEqualTo("+OK");
    }

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
