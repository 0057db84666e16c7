package org.wsconnector.impl.proxyauth;

import org.bouncycastle.crypto.digests.MD4Digest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The NTLM messages of MS-NLMP for a client with NTLMv2 responses: NEGOTIATE (type 1) out, CHALLENGE (type 2) in,
 * AUTHENTICATE (type 3) out. The cryptography comes from libraries (MD4 from Bouncy Castle, HMAC-MD5 from the JDK);
 * this class only lays out bytes. No session security is negotiated: the messages authenticate the connection to
 * the proxy, nothing is signed or sealed. Every value here is a credential: never log it.
 */
final class NtlmMessages {
    private static final byte[] SIGNATURE = "NTLMSSP\0".getBytes(StandardCharsets.US_ASCII);
    static final int UNICODE = 0x00000001;
    static final int OEM = 0x00000002;
    static final int REQUEST_TARGET = 0x00000004;
    static final int NTLM = 0x00000200;
    static final int ALWAYS_SIGN = 0x00008000;
    static final int EXTENDED_SESSION_SECURITY = 0x00080000;
    static final int TARGET_INFO = 0x00800000;
    /** What this client offers: Unicode or OEM strings, the NTLM family with extended session security. */
    static final int OFFERED = UNICODE | OEM | REQUEST_TARGET | NTLM | ALWAYS_SIGN | EXTENDED_SESSION_SECURITY;
    private static final int AV_EOL = 0;
    private static final int AV_TIMESTAMP = 7;
    /** 100 ns intervals between 1601-01-01 (Windows FILETIME) and 1970-01-01. */
    private static final long FILETIME_EPOCH_OFFSET = 116_444_736_000_000_000L;

    private NtlmMessages() {
    }

    /** A CHALLENGE message as far as NTLMv2 needs it. */
    record Challenge(int flags, byte[] serverChallenge, byte[] targetInfo) {
        /** The server's time from the target info (MsvAvTimestamp), which the response must then use. */
        Optional<byte[]> timestamp() {
            ByteBuffer pairs = ByteBuffer.wrap(targetInfo).order(ByteOrder.LITTLE_ENDIAN);
            while (pairs.remaining() >= 4) {
                int id = pairs.getShort() & 0xffff;
                int length = pairs.getShort() & 0xffff;
                if (id == AV_EOL || length > pairs.remaining()) {
                    return Optional.empty();
                }
                byte[] value = new byte[length];
                pairs.get(value);
                if (id == AV_TIMESTAMP && length == 8) {
                    return Optional.of(value);
                }
            }
            return Optional.empty();
        }
    }

    static byte[] negotiate() {
        ByteBuffer message = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        message.put(SIGNATURE).putInt(1).putInt(OFFERED);
        message.putShort((short) 0).putShort((short) 0).putInt(32); // domain: none
        message.putShort((short) 0).putShort((short) 0).putInt(32); // workstation: none
        return message.array();
    }

    /** @throws IllegalArgumentException when the bytes are not a well-formed CHALLENGE message */
    static Challenge parseChallenge(byte[] bytes) {
        if (bytes.length < 32 || !Arrays.equals(bytes, 0, 8, SIGNATURE, 0, 8)) {
            throw new IllegalArgumentException("not an NTLM message");
        }
        ByteBuffer message = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (message.getInt(8) != 2) {
            throw new IllegalArgumentException("not an NTLM CHALLENGE message (type " + message.getInt(8) + ")");
        }
        int flags = message.getInt(20);
        byte[] serverChallenge = Arrays.copyOfRange(bytes, 24, 32);
        byte[] targetInfo = new byte[0];
        if ((flags & TARGET_INFO) != 0 && bytes.length >= 48) {
            int length = message.getShort(40) & 0xffff;
            int offset = message.getInt(44);
            if (offset < 0 || offset > bytes.length || length > bytes.length - offset) {
                throw new IllegalArgumentException("the target info lies outside the message");
            }
            targetInfo = Arrays.copyOfRange(bytes, offset, offset + length);
        }
        return new Challenge(flags, serverChallenge, targetInfo);
    }

    /**
     * The AUTHENTICATE message with NTLMv2 and LMv2 responses (MS-NLMP 3.3.2).
     *
     * @param time            the client's time as a FILETIME, used when the server sent none
     * @param clientChallenge 8 random bytes
     */
    static byte[] authenticate(Challenge challenge, NtlmIdentity identity, String password, long time,
                               byte[] clientChallenge) {
        boolean unicode = (challenge.flags() & UNICODE) != 0;
        Charset strings = unicode ? StandardCharsets.UTF_16LE : StandardCharsets.US_ASCII;
        byte[] key = ntowfv2(identity, password);
        Optional<byte[]> serverTime = challenge.timestamp();
        byte[] timestamp = serverTime.orElseGet(() -> ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(time).array());
        ByteArrayOutputStream temp = new ByteArrayOutputStream();
        temp.writeBytes(new byte[] {1, 1, 0, 0, 0, 0, 0, 0});
        temp.writeBytes(timestamp);
        temp.writeBytes(clientChallenge);
        temp.writeBytes(new byte[4]);
        temp.writeBytes(challenge.targetInfo());
        temp.writeBytes(new byte[4]);
        byte[] ntResponse = concat(hmacMd5(key, concat(challenge.serverChallenge(), temp.toByteArray())),
                temp.toByteArray());
        // With a server timestamp MS-NLMP sends an all-zero LM response; otherwise LMv2.
        byte[] lmResponse = serverTime.isPresent() ? new byte[24]
                : concat(hmacMd5(key, concat(challenge.serverChallenge(), clientChallenge)), clientChallenge);
        byte[] domain = identity.domain().getBytes(strings);
        byte[] user = identity.user().getBytes(strings);
        byte[] workstation = new byte[0];
        int flags = (OFFERED & challenge.flags()) | (unicode ? UNICODE : OEM) | NTLM;
        flags &= unicode ? ~OEM : ~UNICODE;
        int offset = 64;
        ByteBuffer message = ByteBuffer.allocate(offset + lmResponse.length + ntResponse.length + domain.length
                + user.length).order(ByteOrder.LITTLE_ENDIAN);
        message.put(SIGNATURE).putInt(3);
        offset = field(message, 12, lmResponse, offset);
        offset = field(message, 20, ntResponse, offset);
        offset = field(message, 28, domain, offset);
        offset = field(message, 36, user, offset);
        offset = field(message, 44, workstation, offset);
        field(message, 52, new byte[0], offset); // no session key: nothing is signed or sealed
        message.putInt(60, flags);
        return message.array();
    }

    /** NTOWFv2: HMAC-MD5 keyed with MD4(password), over upper-case user and domain, all UTF-16LE. */
    static byte[] ntowfv2(NtlmIdentity identity, String password) {
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_16LE);
        MD4Digest md4 = new MD4Digest();
        md4.update(passwordBytes, 0, passwordBytes.length);
        byte[] ntHash = new byte[md4.getDigestSize()];
        md4.doFinal(ntHash, 0);
        Arrays.fill(passwordBytes, (byte) 0);
        String userDomain = identity.user().toUpperCase(Locale.ROOT) + identity.domain();
        return hmacMd5(ntHash, userDomain.getBytes(StandardCharsets.UTF_16LE));
    }

    /** Now as a Windows FILETIME (100 ns since 1601). */
    static long fileTime(long epochMillis) {
        return epochMillis * 10_000 + FILETIME_EPOCH_OFFSET;
    }

    private static int field(ByteBuffer message, int at, byte[] value, int offset) {
        message.putShort(at, (short) value.length).putShort(at + 2, (short) value.length).putInt(at + 4, offset);
        message.put(offset, value);
        return offset + value.length;
    }

    static byte[] hmacMd5(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacMD5 is required of every JDK", e);
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
