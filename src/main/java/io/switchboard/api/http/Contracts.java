package io.switchboard.api.http;

import io.vertx.core.buffer.Buffer;

/**
 * The contract documents the server publishes as packaged in its jar: the REST API at
 * {@code /openapi.yaml} (docs/openapi.yaml) and the WebSocket protocols at {@code /asyncapi.yaml}
 * (docs/asyncapi.yaml, whose schemas refer to {@code openapi.yaml} beside it).
 */
public record Contracts(Buffer openApi, Buffer asyncApi) {
    /** No documents: for routers built only to list their routes. */
    public static final Contracts NONE = new Contracts(Buffer.buffer(), Buffer.buffer());
}
