package dev.fount.origin.http;

import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.fount.origin.config.ChannelConfig;
import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.packager.hls.HlsNames;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.Timelines;

/**
 * A small page at / that lists every channel, its ingest URLs and its endpoints, and plays an
 * endpoint in the browser (hls.js for HLS). For operators and demos, not for viewers.
 */
@Path("/")
public class PreviewResource {

    @Inject
    ConfigSource config;

    @Inject
    Timelines timelines;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        ConfigSnapshot snapshot = config.current();
        StringBuilder h = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Fount origin</title>
                <style>
                  body{font:15px/1.45 system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
                  code{background:#f3f3f3;padding:0 .3em} td,th{padding:.2em .8em;text-align:left}
                  video{width:100%;max-width:48em;background:#000;display:block;margin:1em 0}
                  .problem{color:#a00}
                </style>
                <script src="/player/hls.min.js"></script></head><body>
                <h1>Fount origin</h1>
                <video id="player" controls muted playsinline></video>
                <p id="status">Pick an endpoint to play.</p>
                """);
        if (snapshot.channels().isEmpty()) {
            h.append("<p>No channel is configured.</p>");
        }
        for (ChannelConfig channel : snapshot.channels().values()) {
            ChannelView view = timelines.view(channel.name());
            h.append("<h2>Channel <code>").append(esc(channel.name())).append("</code></h2>");
            if (channel.description() != null) {
                h.append("<p>").append(esc(channel.description())).append("</p>");
            }
            h.append("<p>Ingest: <code>/in/v1/").append(esc(channel.name())).append("/1/</code> and <code>/in/v1/")
                    .append(esc(channel.name())).append("/2/</code>; ")
                    .append(view.renditions().isEmpty() ? "no media received yet"
                            : view.renditions().size() + " rendition(s), serving ingest endpoint " + esc(view.activeInput()))
                    .append(".</p><table><tr><th>endpoint</th><th>packager</th><th>URL</th><th></th></tr>");
            for (EndpointConfig e : snapshot.endpointsOf(channel.name())) {
                String base = "/out/v1/" + channel.name() + "/" + e.name() + "/";
                boolean hls = e.hls().isPresent();
                String url = hls ? base + HlsNames.multivariant(e.manifestName()) : null;
                h.append("<tr><td><code>").append(esc(e.name())).append("</code></td><td>")
                        .append(e.packagerType().toUpperCase(Locale.ROOT)).append("</td><td>");
                if (url != null) {
                    h.append("<a href=\"").append(esc(url)).append("\"><code>").append(esc(url)).append("</code></a></td>")
                            .append("<td><button onclick=\"play('").append(esc(url)).append("')\">play</button></td>");
                } else {
                    h.append("not served yet</td><td></td>");
                }
                h.append("</tr>");
            }
            h.append("</table>");
        }
        for (String problem : snapshot.problems()) {
            h.append("<p class=\"problem\">").append(esc(problem)).append("</p>");
        }
        h.append("""
                <script>
                let hls;
                function play(url) {
                  const video = document.getElementById('player'), status = document.getElementById('status');
                  if (hls) { hls.destroy(); }
                  status.textContent = 'Playing ' + url;
                  if (window.Hls && Hls.isSupported()) {
                    hls = new Hls();
                    hls.on(Hls.Events.ERROR, (e, d) => { if (d.fatal) status.textContent = 'Error: ' + d.details; });
                    hls.loadSource(url);
                    hls.attachMedia(video);
                  } else {
                    video.src = url;   // Safari plays HLS natively
                  }
                  video.play().catch(() => {});
                }
                </script></body></html>
                """);
        return h.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
