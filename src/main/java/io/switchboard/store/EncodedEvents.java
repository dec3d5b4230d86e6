package io.switchboard.store;

import java.util.List;

/**
 * Encoded events in journal order, each a range of a byte array: what {@link Compaction} plans
 * over, whether the payloads were copied out ({@link #of(List)}) or are still in the bytes of the
 * files they were read from ({@link Frames}).
 */
interface EncodedEvents {
    int size();

    /** The array holding event {@code i}'s encoded bytes. */
    byte[] bytes(int i);

    /** Where event {@code i} starts in {@link #bytes}. */
    int offset(int i);

    /** How many bytes event {@code i} takes. */
    int length(int i);

    static EncodedEvents of(List<byte[]> payloads) {
        return new EncodedEvents() {
            public int size() {
                return payloads.size();
            }

            public byte[] bytes(int i) {
                return payloads.get(i);
            }

            public int offset(int i) {
                return 0;
            }

            public int length(int i) {
                return payloads.get(i).length;
            }
        };
    }
}
