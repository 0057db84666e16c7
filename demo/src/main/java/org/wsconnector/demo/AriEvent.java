package org.wsconnector.demo;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * Asterisk ARI's events, as an application declares them: one sealed family keyed by the {@code type} property,
 * which JSON-B 3 reads to pick the record (and writes when one is sent with {@code sendObject}).
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "StasisStart", type = AriEvent.StasisStart.class),
        @JsonbSubtype(alias = "ChannelDtmfReceived", type = AriEvent.ChannelDtmfReceived.class)})
public sealed interface AriEvent {

    /** A channel entered the application. */
    record StasisStart(String channel) implements AriEvent {
    }

    /** A caller pressed a key. */
    record ChannelDtmfReceived(String channel, String digit) implements AriEvent {
    }
}
