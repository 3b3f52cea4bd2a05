package dev.fount.origin.vod;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A SMIL file listing the MP4 renditions of a VOD asset, as Wowza and MediaPackage read it:
 * {@code <video src="…" system-bitrate="…"/>} and {@code <audio …/>} elements anywhere in the body
 * (usually inside a {@code <switch>}), sources relative to the SMIL file.
 */
public final class Smil {

    private Smil() {
    }

    /** A rendition file: its absolute URI, the declared bitrate (0 when absent), and whether it is an audio entry. */
    public record Entry(URI uri, long bitrate, boolean audio) {
    }

    public static final class BadSmil extends Exception {
        BadSmil(String message) {
            super(message);
        }
    }

    public static List<Entry> parse(URI base, byte[] xml) throws BadSmil {
        org.w3c.dom.Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);   // no external entities
            f.setExpandEntityReferences(false);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new BadSmil("the SMIL file is not well-formed XML: " + e.getMessage());
        }
        List<Entry> entries = new ArrayList<>();
        for (String tag : new String[] {"video", "audio"}) {
            NodeList nodes = doc.getElementsByTagName(tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element e = (Element) nodes.item(i);
                String src = e.getAttribute("src").trim();
                if (src.isEmpty()) {
                    throw new BadSmil("a <" + tag + "> element has no src");
                }
                URI uri;
                try {
                    uri = base.resolve(new URI(src.replace(" ", "%20")));
                } catch (java.net.URISyntaxException ex) {
                    throw new BadSmil("<" + tag + " src=\"" + src + "\"> is not a URI");
                }
                long bitrate = 0;
                String b = e.getAttribute("system-bitrate").isEmpty() ? e.getAttribute("systemBitrate") : e.getAttribute("system-bitrate");
                try {
                    bitrate = b.isEmpty() ? 0 : Long.parseLong(b.trim());
                } catch (NumberFormatException ex) {
                    throw new BadSmil("<" + tag + " src=\"" + src + "\"> has system-bitrate \"" + b + "\", not a number");
                }
                entries.add(new Entry(uri, bitrate, tag.equals("audio")));
            }
        }
        if (entries.isEmpty()) {
            throw new BadSmil("the SMIL file lists no <video> or <audio> source");
        }
        return entries;
    }
}
