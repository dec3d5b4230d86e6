package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Parked chunks off the heap within a budget, on the heap past it ({@link ChunkMemory}). */
class ChunkMemoryTest {

    @Test
    void allocate_withinTheBudget_isDirectAndCounted() {
        ChunkMemory memory = new ChunkMemory(1 << 20);
        ChunkMemory.Chunk chunk = memory.allocate(256 << 10);
        assertThat(chunk.isDirect()).isTrue();
        assertThat(chunk.bytes.isDirect()).isTrue();
        assertThat(chunk.bytes.capacity()).isEqualTo(256 << 10);
        assertThat(memory.directBytes()).isEqualTo(256 << 10);
    }

    @Test
    void allocate_pastTheBudget_isAHeapArrayAndNotCounted() {
        ChunkMemory memory = new ChunkMemory(300 << 10);
        memory.allocate(256 << 10);
        ChunkMemory.Chunk over = memory.allocate(256 << 10);
        assertThat(over.isDirect()).isFalse();
        assertThat(over.bytes.hasArray()).isTrue();
        assertThat(over.bytes.capacity()).isEqualTo(256 << 10);
        assertThat(memory.directBytes()).isEqualTo(256 << 10);
    }

    @Test
    void free_aDirectChunk_givesItsBudgetBackOnce() {
        ChunkMemory memory = new ChunkMemory(512 << 10);
        ChunkMemory.Chunk first = memory.allocate(512 << 10);
        assertThat(memory.allocate(64 << 10).isDirect()).as("the budget is spent").isFalse();

        first.free();
        first.free();
        assertThat(memory.directBytes()).isZero();
        assertThat(memory.allocate(512 << 10).isDirect()).as("room again").isTrue();
        assertThat(memory.directBytes()).isEqualTo(512 << 10);
    }

    @Test
    void free_aDirectChunk_releasesItsNativeMemoryNow() {
        ChunkMemory memory = new ChunkMemory(64 << 20);
        ChunkMemory.Chunk chunk = memory.allocate(32 << 20);
        long before = directPoolBytes();
        chunk.free();
        assertThat(before - directPoolBytes()).as("released without waiting for the collector")
                .isGreaterThanOrEqualTo(32 << 20);
    }

    @Test
    void free_aHeapChunk_changesNothing() {
        ChunkMemory memory = new ChunkMemory(0);
        ChunkMemory.Chunk chunk = memory.allocate(1024);
        chunk.free();
        assertThat(chunk.isDirect()).isFalse();
        assertThat(memory.directBytes()).isZero();
        chunk.bytes.putLong(0, 42); // a heap chunk stays readable: only direct ones are released
        assertThat(chunk.bytes.getLong(0)).isEqualTo(42);
    }

    @Test
    void jvmBudget_isHalfOfTheDirectLimit() {
        assertThat(ChunkMemory.directLimit()).isPositive();
        assertThat(ChunkMemory.JVM.budget()).isEqualTo(ChunkMemory.directLimit() / 2);
    }

    private static long directPoolBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
