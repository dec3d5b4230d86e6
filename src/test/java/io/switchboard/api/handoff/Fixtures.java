package io.switchboard.api.handoff;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The platform payloads under src/test/resources/handoff/ (each cites the documentation it follows). */
public final class Fixtures {
    public static final String DIALOGFLOW = "dialogflow-cx-webhook-request.json";
    public static final String BOT_FRAMEWORK = "botframework-handoff-initiate.json";
    public static final String RASA = "rasa-tracker.json";
    public static final String CHATWOOT = "chatwoot-message-created.json";
    public static final String CHATWOOT_OPENED = "chatwoot-conversation-opened.json";
    public static final String CHATWOOT_BOT_PENDING = "chatwoot-message-created-bot-pending.json";

    private Fixtures() {
    }

    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/handoff/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject json(String name) {
        return new JsonObject(text(name));
    }
}
