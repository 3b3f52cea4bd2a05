package dev.fount.origin.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * The PlayReady pieces a Smooth Streaming origin writes: the PlayReady Object (PRO) that a client
 * manifest's {@code ProtectionHeader} carries, built from the key id when the key server sends
 * none, and the key id's PlayReady form.
 *
 * <p>A PRO (PlayReady Header Object) is a little-endian length, a record count and records; record
 * type 1 holds the WRM header, UTF-16LE XML. Version 4.0.0.0 of the header names one key id
 * (base64 of the GUID's little-endian byte layout) and AES-CTR, which is what {@code cenc} is.
 */
public final class PlayReady {

    /** The PlayReady DRM system id (DASH-IF). */
    public static final UUID SYSTEM_ID = UUID.fromString("9a04f079-9840-4286-ab92-e65be0885f95");

    private PlayReady() {
    }

    /** A PlayReady Object for one AES-CTR key, base64, as a ProtectionHeader holds it; {@code licenceUrl} may be null. */
    public static String header(UUID kid, String licenceUrl) {
        String xml = "<WRMHEADER xmlns=\"http://schemas.microsoft.com/DRM/2007/03/PlayReadyHeader\" version=\"4.0.0.0\"><DATA><PROTECTINFO>"
                + "<KEYLEN>16</KEYLEN><ALGID>AESCTR</ALGID></PROTECTINFO><KID>" + Base64.getEncoder().encodeToString(guidBytes(kid)) + "</KID>"
                + (licenceUrl == null ? "" : "<LA_URL>" + licenceUrl.replace("&", "&amp;").replace("<", "&lt;") + "</LA_URL>")
                + "</DATA></WRMHEADER>";
        byte[] record = xml.getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer b = ByteBuffer.allocate(10 + record.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(10 + record.length).putShort((short) 1).putShort((short) 1).putShort((short) record.length).put(record);
        return Base64.getEncoder().encodeToString(b.array());
    }

    /** The WRM header XML of a PlayReady Object (base64), for checks and logs. */
    public static String headerXml(String proBase64) {
        ByteBuffer b = ByteBuffer.wrap(Base64.getMimeDecoder().decode(proBase64)).order(ByteOrder.LITTLE_ENDIAN);
        int length = b.getInt();
        if (length != b.capacity()) {
            throw new IllegalArgumentException("a PlayReady Object of " + b.capacity() + " bytes says it has " + length);
        }
        int records = b.getShort() & 0xFFFF;
        for (int i = 0; i < records; i++) {
            int type = b.getShort() & 0xFFFF;
            int size = b.getShort() & 0xFFFF;
            byte[] value = new byte[size];
            b.get(value);
            if (type == 1) {
                return new String(value, StandardCharsets.UTF_16LE);
            }
        }
        throw new IllegalArgumentException("the PlayReady Object has no WRM header record");
    }

    /** A GUID as Microsoft lays it out: the first three fields little-endian, the rest as is. */
    public static byte[] guidBytes(UUID id) {
        byte[] be = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
        return new byte[] { be[3], be[2], be[1], be[0], be[5], be[4], be[7], be[6], be[8], be[9], be[10], be[11], be[12], be[13], be[14],
                be[15] };
    }
}
