package io.switchboard.app;

import io.switchboard.store.FileJournal;
import java.nio.file.Path;

/**
 * Where and how the journal keeps events (docs/configuration.md, "Durability").
 * {@code snapshotEvents}/{@code snapshotMillis}: a snapshot every that many events or that long
 * (0 = never by that measure).
 */
public record DurabilitySettings(Store store, Path dataDir, FileJournal.Fsync fsync, long fsyncIntervalMillis,
        String redisUrl, boolean redisWaitAof, long snapshotEvents, long snapshotMillis) {
    public enum Store { FILE, REDIS, MEMORY }

    public static final long DEFAULT_SNAPSHOT_EVENTS = 100_000;
    public static final long DEFAULT_SNAPSHOT_MILLIS = 300_000;

    public static DurabilitySettings file(Path dataDir) {
        return new DurabilitySettings(Store.FILE, dataDir, FileJournal.Fsync.ALWAYS, 1000, null, true,
                DEFAULT_SNAPSHOT_EVENTS, DEFAULT_SNAPSHOT_MILLIS);
    }

    public static DurabilitySettings redis(String url) {
        return new DurabilitySettings(Store.REDIS, null, FileJournal.Fsync.ALWAYS, 1000, url, true,
                DEFAULT_SNAPSHOT_EVENTS, DEFAULT_SNAPSHOT_MILLIS);
    }

    public DurabilitySettings withSnapshots(long events, long millis) {
        return new DurabilitySettings(store, dataDir, fsync, fsyncIntervalMillis, redisUrl, redisWaitAof, events, millis);
    }
}
