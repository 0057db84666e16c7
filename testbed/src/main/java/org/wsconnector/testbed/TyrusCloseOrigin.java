package org.wsconnector.testbed;

/**
 * Tells, from inside {@code Endpoint.onClose}, whether Tyrus is delivering a close frame the peer sent.
 *
 * <p>Tyrus reports a TCP connection that simply dropped as {@code 1001 "Going away."}, the same code a
 * client sends when it shuts down cleanly, and offers no public way to tell the two apart. A received
 * close frame reaches {@code onClose} through {@code CloseFrame.respond} on the reading thread, while
 * local and abnormal closes do not; the call stack is therefore a reliable witness. Tested against
 * Tyrus 2.2.2 by {@code EchoServerTest}.
 */
final class TyrusCloseOrigin {

    private static final String CLOSE_FRAME_CLASS = "org.glassfish.tyrus.core.frame.CloseFrame";
    private static final StackWalker WALKER = StackWalker.getInstance();

    private TyrusCloseOrigin() {
    }

    static boolean isClientCloseFrame() {
        return WALKER.walk(frames -> frames.anyMatch(frame ->
                CLOSE_FRAME_CLASS.equals(frame.getClassName()) && "respond".equals(frame.getMethodName())));
    }
}
