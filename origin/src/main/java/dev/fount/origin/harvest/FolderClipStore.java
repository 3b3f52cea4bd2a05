package dev.fount.origin.harvest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A clip in a local folder (standalone use, tests). Each file is written to a temporary file in
 * the same folder and moved into place, so the folder never holds a partial file under a clip
 * name.
 */
public final class FolderClipStore implements ClipStore {

    private final Path directory;

    public FolderClipStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public void put(String name, byte[] content) throws HarvestException {
        Path target = directory.resolve(name);
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + name + ".", ".part");
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new HarvestException("cannot write " + target + ": " + e, e);
        }
    }

    @Override
    public boolean delete(String name) throws HarvestException {
        Path target = directory.resolve(name);
        try {
            Files.deleteIfExists(target);
            return true;
        } catch (IOException e) {
            throw new HarvestException("cannot remove " + target + ": " + e, e);
        }
    }

    @Override
    public String locate(String name) {
        return directory.resolve(name).toUri().toString();
    }

    @Override
    public void close() {
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one to report
            }
        }
    }
}
