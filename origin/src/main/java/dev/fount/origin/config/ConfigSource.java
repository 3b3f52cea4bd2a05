package dev.fount.origin.config;

/** Where the origin's settings come from: a folder of YAML standalone, informers in a cluster. */
public interface ConfigSource {

    /** The latest complete snapshot; never null. */
    ConfigSnapshot current();
}
