package io.switchboard.load;

import io.vertx.core.buffer.Buffer;
import java.util.SplittableRandom;

/**
 * The ticket mix of the throughput scenarios: about 500 bytes of JSON per ticket, on one channel,
 * 70 % general questions, 15 % refunds, 10 % technical, 5 % VIP customers; matching the queues of
 * {@code load-tests/switchboard-load.yaml} and the skills {@link Fleet} gives its agents, so every
 * ticket has eligible agents. Customers repeat from a pool of a million ids.
 */
final class LoadMix implements TicketMix {
    private static final String DESCRIPTION = "Customer reports that the order confirmation e-mail never arrived "
            + "and the payment shows twice on the card statement; asks for a callback in the afternoon. "
            + "顾客反映订单确认邮件未收到，银行卡显示重复扣款，希望下午回电。";

    private final String channel;
    private final SplittableRandom random;

    LoadMix(String channel, long seed) {
        this.channel = channel;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Buffer body(long seq, long intendedNanos) {
        int pick = random.nextInt(100);
        String type = pick < 70 ? "general" : pick < 85 ? "refund" : pick < 95 ? "technical" : "general";
        String tier = pick >= 95 ? "vip" : "standard";
        String body = "{\"channel\":\"" + channel + "\",\"priority\":\"normal\","
                + "\"customer\":{\"id\":\"c-" + (seq % 1_000_000) + "\",\"tier\":\"" + tier + "\",\"name\":\"Load Test\"},"
                + "\"type\":\"" + type + "\",\"subject\":\"Order A-" + seq + " not confirmed\","
                + "\"description\":\"" + DESCRIPTION + "\",\"tags\":[\"load_test\"],"
                + "\"fields\":{\"orderId\":\"A-" + seq + "\"," + Stamp.fields(intendedNanos) + "}}";
        return Buffer.buffer(body);
    }
}
