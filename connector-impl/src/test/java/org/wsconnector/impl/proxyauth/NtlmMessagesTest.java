package org.wsconnector.impl.proxyauth;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The NTLMv2 computation against the published test vectors of MS-NLMP section 4.2.4 (user "User", domain
 * "Domain", password "Password", server challenge 0123456789abcdef, client challenge aa…aa, time 0), and the layout
 * of the messages a proxy reads. squid's ntlm_fake_auth (NtlmThroughSquidTest) checks the handshake, not the
 * cryptography: these vectors do.
 */
class NtlmMessagesTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final NtlmIdentity IDENTITY = new NtlmIdentity("Domain", "User");
    private static final byte[] SERVER_CHALLENGE = HEX.parseHex("0123456789abcdef");
    private static final byte[] CLIENT_CHALLENGE = HEX.parseHex("aaaaaaaaaaaaaaaa");
    /** MsvAvNbDomainName "Domain", MsvAvNbComputerName "Server", MsvAvEOL. */
    private static final byte[] TARGET_INFO = HEX.parseHex("02000c0044006f006d00610069006e00"
            + "01000c00530065007200760065007200" + "00000000");

    @Test
    void ntowfv2IsTheSpecifiedOne() {
        assertThat(HEX.formatHex(NtlmMessages.ntowfv2(IDENTITY, "Password")))
                .isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
    }

    @Test
    void authenticateCarriesTheSpecifiedLmv2ResponseAndNtProofStr() {
        NtlmMessages.Challenge challenge = new NtlmMessages.Challenge(NtlmMessages.UNICODE | NtlmMessages.NTLM
                | NtlmMessages.TARGET_INFO, SERVER_CHALLENGE, TARGET_INFO);
        byte[] message = NtlmMessages.authenticate(challenge, IDENTITY, "Password", 0, CLIENT_CHALLENGE);

        assertThat(HEX.formatHex(field(message, 12))).isEqualTo("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
        byte[] nt = field(message, 20);
        assertThat(HEX.formatHex(Arrays.copyOf(nt, 16))).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
        assertThat(HEX.formatHex(Arrays.copyOfRange(nt, 16, nt.length))).isEqualTo("0101000000000000"
                + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000" + HEX.formatHex(TARGET_INFO) + "00000000");
        assertThat(new String(field(message, 28), StandardCharsets.UTF_16LE)).isEqualTo("Domain");
        assertThat(new String(field(message, 36), StandardCharsets.UTF_16LE)).isEqualTo("User");
        assertThat(new String(message, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("NTLMSSP\0");
        assertThat(le(message).getInt(8)).isEqualTo(3);
    }

    @Test
    void aServerTimestampIsUsedAndTheLmResponseIsThenZero() {
        byte[] timestamp = HEX.parseHex("0090d336b734c301");
        byte[] info = HEX.parseHex("0700080000000000" + "00000000");
        System.arraycopy(timestamp, 0, info, 4, 8);
        NtlmMessages.Challenge challenge = new NtlmMessages.Challenge(NtlmMessages.UNICODE | NtlmMessages.TARGET_INFO,
                SERVER_CHALLENGE, info);
        byte[] message = NtlmMessages.authenticate(challenge, IDENTITY, "Password", 12345, CLIENT_CHALLENGE);

        assertThat(field(message, 12)).containsOnly(0).hasSize(24);
        assertThat(Arrays.copyOfRange(field(message, 20), 24, 32)).isEqualTo(timestamp);
    }

    @Test
    void parsesAChallengeMessageAndRefusesOnesThatLieAboutTheirLength() {
        ByteBuffer bytes = le(new byte[48 + TARGET_INFO.length]);
        bytes.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(2);
        bytes.putInt(20, NtlmMessages.UNICODE | NtlmMessages.TARGET_INFO).put(24, SERVER_CHALLENGE);
        bytes.putShort(40, (short) TARGET_INFO.length).putShort(42, (short) TARGET_INFO.length).putInt(44, 48);
        bytes.put(48, TARGET_INFO);
        NtlmMessages.Challenge parsed = NtlmMessages.parseChallenge(bytes.array());
        assertThat(parsed.serverChallenge()).isEqualTo(SERVER_CHALLENGE);
        assertThat(parsed.targetInfo()).isEqualTo(TARGET_INFO);

        bytes.putInt(44, 40_000);
        assertThatThrownBy(() -> NtlmMessages.parseChallenge(bytes.array()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> NtlmMessages.parseChallenge(NtlmMessages.negotiate()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 1");
        assertThatThrownBy(() -> NtlmMessages.parseChallenge(new byte[10]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identitiesFromProxyUsername() {
        assertThat(NtlmIdentity.of("CORP\\svc-billing")).isEqualTo(new NtlmIdentity("CORP", "svc-billing"));
        assertThat(NtlmIdentity.of("svc-billing@corp.example"))
                .isEqualTo(new NtlmIdentity("", "svc-billing@corp.example"));
        assertThat(NtlmIdentity.of("svc")).isEqualTo(new NtlmIdentity("", "svc"));
    }

    private static byte[] field(byte[] message, int at) {
        ByteBuffer buffer = le(message);
        int length = buffer.getShort(at) & 0xffff;
        int offset = buffer.getInt(at + 4);
        return Arrays.copyOfRange(message, offset, offset + length);
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
