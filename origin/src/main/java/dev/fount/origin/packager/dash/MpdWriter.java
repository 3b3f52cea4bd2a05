package dev.fount.origin.packager.dash;

/** A small indenting XML writer for MPDs: elements with attributes, values escaped. */
final class MpdWriter {

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private int depth;

    /** {@code <name a="v" …>}; {@code attributes} are name/value pairs, null values left out. */
    MpdWriter open(String name, Object... attributes) {
        tag(name, attributes).append(">\n");
        depth++;
        return this;
    }

    /** {@code <name a="v" …/>} */
    MpdWriter empty(String name, Object... attributes) {
        tag(name, attributes).append("/>\n");
        return this;
    }

    MpdWriter close(String name) {
        depth--;
        indent().append("</").append(name).append(">\n");
        return this;
    }

    /** Appends lines written by another writer's {@link #fragment}, at this writer's depth. */
    MpdWriter raw(String fragment) {
        for (String line : fragment.split("\n")) {
            if (!line.isEmpty()) {
                indent().append(line).append('\n');
            }
        }
        return this;
    }

    /** What was written, without the XML declaration: for fragments built apart. */
    String fragment() {
        return out.substring(out.indexOf("\n") + 1);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private StringBuilder tag(String name, Object... attributes) {
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        indent().append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(String.valueOf(attributes[i + 1]))).append('"');
            }
        }
        return out;
    }

    private StringBuilder indent() {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
        return out;
    }

    static String escape(String value) {
        StringBuilder s = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&apos;");
                case '\n' -> s.append("&#10;");
                case '\r' -> s.append("&#13;");
                case '\t' -> s.append("&#9;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
