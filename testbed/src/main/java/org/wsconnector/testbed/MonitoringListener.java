package org.wsconnector.testbed;

import org.glassfish.tyrus.core.frame.TyrusFrame;
import org.glassfish.tyrus.core.monitoring.ApplicationEventListener;
import org.glassfish.tyrus.core.monitoring.EndpointEventListener;
import org.glassfish.tyrus.core.monitoring.MessageEventListener;

/**
 * Counts received ping frames through Tyrus' monitoring hooks.
 *
 * <p>Tyrus answers pings itself and the Jakarta API never shows them to the endpoint; the monitoring
 * listener is the only place a server learns that a client pinged.
 */
final class MonitoringListener implements ApplicationEventListener {

    private final EchoRegistry registry;

    MonitoringListener(EchoRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onApplicationInitialized(String applicationName) {
        // nothing to record
    }

    @Override
    public void onApplicationDestroyed() {
        // nothing to record
    }

    @Override
    public EndpointEventListener onEndpointRegistered(String endpointPath, Class<?> endpointClass) {
        return new EndpointEventListener() {
            @Override
            public MessageEventListener onSessionOpened(String sessionId) {
                return new MessageEventListener() {
                    @Override
                    public void onFrameSent(TyrusFrame.FrameType frameType, long payloadLength) {
                        // only received frames matter
                    }

                    @Override
                    public void onFrameReceived(TyrusFrame.FrameType frameType, long payloadLength) {
                        if (frameType == TyrusFrame.FrameType.PING) {
                            registry.update(sessionId, ConnectionRecorder::ping);
                        }
                    }
                };
            }

            @Override
            public void onSessionClosed(String sessionId) {
                // recorded by the endpoint, which also sees the close reason
            }

            @Override
            public void onError(String sessionId, Throwable t) {
                // recorded by the endpoint
            }
        };
    }

    @Override
    public void onEndpointUnregistered(String endpointPath) {
        // nothing to record
    }
}
