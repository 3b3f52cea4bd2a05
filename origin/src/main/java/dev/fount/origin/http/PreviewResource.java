package dev.fount.origin.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.fount.origin.config.ChannelConfig;
import dev.fount.origin.config.CmafSettings;
import dev.fount.origin.config.ConfigSnapshot;
import dev.fount.origin.config.ConfigSource;
import dev.fount.origin.config.EndpointConfig;
import dev.fount.origin.config.VodConfig;
import dev.fount.origin.vod.VodLibrary;
import dev.fount.origin.packager.hls.HlsNames;
import dev.fount.origin.timeline.ChannelView;
import dev.fount.origin.timeline.Timelines;

/**
 * A small page at / that lists every channel, its ingest URLs and its endpoints, every VOD
 * asset with its state and its manifests per packaging configuration, and plays an
 * endpoint in the browser: hls.js for HLS and CMAF (its HLS manifests), dash.js for DASH, dash.js
 * with its Smooth Streaming module for MSS (both loaded only when first needed). For operators and
 * demos, not for viewers.
 */
@Path("/")
public class PreviewResource {

    @Inject
    ConfigSource config;

    @Inject
    Timelines timelines;

    @Inject
    VodLibrary library;

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
        if (snapshot.channels().isEmpty() && snapshot.vod().groups().isEmpty()) {
            h.append("<p>No channel or packaging group is configured.</p>");
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
                List<String[]> manifests = manifests("/out/v1/" + channel.name() + "/" + e.name() + "/", e);
                h.append("<tr><td><code>").append(esc(e.name())).append("</code></td><td>")
                        .append(e.packagerType().toUpperCase(Locale.ROOT)).append("</td><td>");
                if (manifests.isEmpty()) {
                    h.append("no manifest</td><td></td></tr>");
                }
                for (int i = 0; i < manifests.size(); i++) {
                    String url = manifests.get(i)[0];
                    String kind = manifests.get(i)[1];
                    if (i > 0) {
                        h.append("<tr><td></td><td></td><td>");
                    }
                    h.append("<a href=\"").append(esc(url)).append("\"><code>").append(esc(url)).append("</code></a></td>")
                            .append("<td><button onclick=\"play('").append(esc(url)).append("','").append(kind)
                            .append("')\">play</button></td></tr>");
                }
            }
            h.append("</table>");
        }
        for (VodConfig.Group group : snapshot.vod().groups().values().stream().sorted(java.util.Comparator.comparing(VodConfig.Group::name)).toList()) {
            h.append("<h2>Packaging group <code>").append(esc(group.name())).append("</code></h2>");
            List<VodConfig.AssetConfig> assets = snapshot.vod().assets().values().stream().filter(a -> a.group().equals(group.name()))
                    .sorted(java.util.Comparator.comparing(VodConfig.AssetConfig::name)).toList();
            if (assets.isEmpty()) {
                h.append("<p>No asset yet.</p>");
            }
            for (VodConfig.AssetConfig asset : assets) {
                VodLibrary.State state = library.state(asset).orElse(null);
                h.append("<h3>Asset <code>").append(esc(asset.name())).append("</code>: ")
                        .append(state == null ? "QUEUED" : state.status() + " (" + esc(state.message()) + ")").append("</h3>")
                        .append("<p>Source <code>").append(esc(asset.sourceUri())).append("</code></p>")
                        .append("<table><tr><th>configuration</th><th>packager</th><th>URL</th><th></th></tr>");
                for (VodConfig.Packaging p : snapshot.vod().configurationsOf(group.name())) {
                    for (EndpointConfig m : p.manifests()) {
                        String prefix = "/out/v1/" + group.name() + "/" + asset.name() + "/" + (m.cmaf().isPresent() ? "" : p.name() + "/");
                        for (String[] manifest : manifests(prefix, m)) {
                            h.append("<tr><td><code>").append(esc(p.name())).append("</code></td><td>").append(p.type().toUpperCase(Locale.ROOT))
                                    .append("</td><td><a href=\"").append(esc(manifest[0])).append("\"><code>").append(esc(manifest[0]))
                                    .append("</code></a></td><td><button onclick=\"play('").append(esc(manifest[0])).append("','")
                                    .append(manifest[1]).append("')\">play</button></td></tr>");
                        }
                    }
                }
                h.append("</table>");
            }
        }
        for (String problem : snapshot.problems()) {
            h.append("<p class=\"problem\">").append(esc(problem)).append("</p>");
        }
        h.append("""
                <script>
                let hls, dash;
                const loaded = {};
                function load(src) {   // dash.js (and its MSS module) only when first needed
                  return loaded[src] || (loaded[src] = new Promise((ok, fail) => {
                    const s = document.createElement('script');
                    s.src = src; s.onload = ok; s.onerror = () => fail(new Error('cannot load ' + src));
                    document.head.appendChild(s);
                  }));
                }
                async function play(url, kind) {
                  const video = document.getElementById('player'), status = document.getElementById('status');
                  if (hls) { hls.destroy(); hls = null; }
                  if (dash) { dash.destroy(); dash = null; }
                  video.removeAttribute('src');
                  status.textContent = 'Playing ' + url + ' (' + kind + ')';
                  const fail = (msg) => { status.textContent = 'Error playing ' + url + ': ' + msg; };
                  if (kind === 'hls') {
                    if (window.Hls && Hls.isSupported()) {
                      hls = new Hls();
                      hls.on(Hls.Events.ERROR, (e, d) => { if (d.fatal) fail(d.details); });
                      hls.loadSource(url);
                      hls.attachMedia(video);
                    } else {
                      video.src = url;   // Safari plays HLS natively
                    }
                    video.play().catch(() => {});
                    return;
                  }
                  try {
                    await load('/player/dash.all.min.js');
                    if (kind === 'mss') await load('/player/dash.mss.min.js');   // defines dashjs.MssHandler
                  } catch (err) { fail(err.message); return; }
                  dash = dashjs.MediaPlayer().create();
                  dash.on(dashjs.MediaPlayer.events.ERROR, (ev) => {
                    const err = ev.error || {};
                    fail('dash.js error ' + err.code + (err.message ? ': ' + err.message : ''));
                  });
                  dash.initialize(video, url, true);
                }
                </script></body></html>
                """);
        return h.toString();
    }

    /**
     * The endpoint's manifest URLs with the player kind for each ({@code hls}, {@code dash},
     * {@code mss}): {manifestName}.m3u8 (HLS multivariant), {manifestName}.mpd, {manifestName}.ism/Manifest,
     * and for CMAF each HLS manifest at {id}/{manifestName}.m3u8.
     */
    static List<String[]> manifests(String base, EndpointConfig e) {
        List<String[]> out = new ArrayList<>();
        if (e.hls().isPresent()) {
            out.add(new String[] {base + HlsNames.multivariant(e.manifestName()), "hls"});
        } else if (e.dash().isPresent()) {
            out.add(new String[] {base + e.manifestName() + ".mpd", "dash"});
        } else if (e.mss().isPresent()) {
            out.add(new String[] {base + e.manifestName() + ".ism/Manifest", "mss"});
        } else if (e.cmaf().isPresent()) {
            for (CmafSettings.Manifest m : e.cmaf().get().hlsManifests()) {
                String name = m.manifestName() == null || m.manifestName().isBlank() ? e.manifestName() : m.manifestName();
                out.add(new String[] {base + m.id() + "/" + name + ".m3u8", "hls"});
            }
        }
        return out;
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
