package dev.fount.origin.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.fount.origin.media.MalformedMediaException;
import dev.fount.origin.media.Scte35Sections;
import dev.fount.origin.media.SegmentProbe;
import dev.fount.origin.media.TsProbe;

/**
 * Stands between ffmpeg (whose MPEG-TS muxer cannot write SCTE-35) and the origin, the way an
 * encoder that conditions its output for ads would: every uploaded segment's PMT gains an SCTE-35
 * stream (stream_type 0x86), and segment number {@code n} of every rendition, and again n + 1 (a
 * repeat, as encoders send), carries a splice_insert out of the network two segments later for
 * {@code breakSegments} segments; the segment before the return carries the splice_insert back in.
 * Everything else is forwarded untouched, with the encoder's Authorization header.
 */
public final class Scte35Relay implements AutoCloseable {

    public static final int SCTE35_PID = 0x1F0;
    public static final long EVENT_ID = 1001;
    private static final int PMT_PID = 0x1000;
    private static final Pattern NUMBER = Pattern.compile("_(\\d+)\\.ts$");

    private final String target;
    private final long n;
    private final int breakSegments;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile long outPts = -1;

    /**
     * @param target        the ingest URL to forward to, ending in '/'
     * @param n             the number in the segment file name that first announces the break
     * @param breakSegments how many segments the break lasts
     */
    public Scte35Relay(String target, long n, int breakSegments) throws IOException {
        this.target = target;
        this.n = n;
        this.breakSegments = breakSegments;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Where the encoder pushes, ending in '/'. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String path = exchange.getRequestURI().getRawPath().substring(1);
            Matcher m = NUMBER.matcher(path);
            if (m.find()) {
                body = condition(body, Long.parseLong(m.group(1)));
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + path)).timeout(Duration.ofSeconds(20))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | MalformedMediaException e) {
            System.err.println("[Scte35Relay] " + e);
            exchange.sendResponseHeaders(502, -1);
        }
    }

    private byte[] condition(byte[] ts, long number) throws MalformedMediaException {
        byte[] out = withScte35Stream(ts);
        SegmentProbe probe = TsProbe.probe(ts);
        if (number == n) {
            outPts = (probe.startPts() + 2 * probe.durationTicks()) & ((1L << 33) - 1);
        }
        long duration = breakSegments * probe.durationTicks();
        if ((number == n || number == n + 1) && outPts >= 0) {
            out = append(out, Scte35Sections.spliceInsert(EVENT_ID, true, outPts, duration, 0, 0));
        } else if (number == n + 1 + breakSegments && outPts >= 0) {
            long inPts = (probe.startPts() + probe.durationTicks()) & ((1L << 33) - 1);
            out = append(out, Scte35Sections.spliceInsert(EVENT_ID, false, inPts, -1, 0, 0));
        }
        return out;
    }

    /** The segment with every PMT section listing the SCTE-35 PID (stream_type 0x86) before its CRC. */
    static byte[] withScte35Stream(byte[] ts) {
        byte[] out = ts.clone();
        for (int p = 0; p + 188 <= out.length; p += 188) {
            int pid = (out[p + 1] & 0x1F) << 8 | out[p + 2] & 0xFF;
            if (pid != PMT_PID || (out[p + 1] & 0x40) == 0) {
                continue;
            }
            int payload = p + 4 + ((out[p + 3] & 0x20) != 0 ? 1 + (out[p + 4] & 0xFF) : 0);
            int section = payload + 1 + (out[payload] & 0xFF);
            int length = (out[section + 1] & 0x0F) << 8 | out[section + 2] & 0xFF;
            int end = section + 3 + length; // after the CRC
            if (end + 5 > p + 188) {
                throw new IllegalStateException("no room in the PMT packet at byte " + p);
            }
            byte[] grown = Arrays.copyOfRange(out, section, end + 5);
            System.arraycopy(grown, length - 1, grown, length + 4, 4); // move the CRC back 5 bytes (rewritten below)
            int entry = 3 + length - 4;
            grown[entry] = (byte) 0x86;
            grown[entry + 1] = (byte) (0xE0 | SCTE35_PID >> 8);
            grown[entry + 2] = (byte) SCTE35_PID;
            grown[entry + 3] = (byte) 0xF0;
            grown[entry + 4] = 0;
            int newLength = length + 5;
            grown[1] = (byte) (grown[1] & 0xF0 | newLength >> 8);
            grown[2] = (byte) newLength;
            Scte35Sections.fixCrc(grown);
            System.arraycopy(grown, 0, out, section, grown.length);
        }
        return out;
    }

    /** One packet on the SCTE-35 PID: pointer_field 0, the section, 0xFF stuffing. */
    private static byte[] append(byte[] ts, byte[] section) {
        byte[] packet = new byte[188];
        Arrays.fill(packet, (byte) 0xFF);
        packet[0] = 0x47;
        packet[1] = (byte) (0x40 | SCTE35_PID >> 8);
        packet[2] = (byte) SCTE35_PID;
        packet[3] = 0x10;
        packet[4] = 0;
        System.arraycopy(section, 0, packet, 5, section.length);
        byte[] out = Arrays.copyOf(ts, ts.length + 188);
        System.arraycopy(packet, 0, out, ts.length, 188);
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
