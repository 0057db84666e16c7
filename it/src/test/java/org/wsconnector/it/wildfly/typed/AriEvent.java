package org.wsconnector.it.wildfly.typed;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/** An ARI-shaped event family keyed by {@code type}, as the typed WAR's observers declare it. */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "StasisStart", type = AriEvent.StasisStart.class),
        @JsonbSubtype(alias = "ChannelDtmfReceived", type = AriEvent.ChannelDtmfReceived.class)})
public sealed interface AriEvent permits AriEvent.StasisStart, AriEvent.ChannelDtmfReceived {

    record StasisStart(String channel) implements AriEvent {
    }

    record ChannelDtmfReceived(String channel, String digit) implements AriEvent {
    }
}
