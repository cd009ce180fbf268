package org.latentatlas.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replaces a file so that a reader (or a crash) sees either the old complete file or the new complete file,
 * never a torn one: a long training run must not lose its last good model to a half-written save.
 */
public final class AtomicFiles {

    /** Writes the content of a new file to an open channel. */
    @FunctionalInterface
    interface ContentWriter {
        void writeTo(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target}: a temp file in the same directory (a rename is only atomic
     * within one file system), forced to disk, then renamed over the target. On failure the temp file is
     * deleted and an existing target is left as it was.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        });
    }

    static void write(Path target, ContentWriter content) throws IOException {
        try {
            replace(target, content);
        } catch (IOException e) {
            // NIO names only the temp file, and a full disk ("No space left on device") names none: say which file
            // could not be written, and why.
            throw new IOException("cannot write " + target + ": " + IoErrors.describe(e), e);
        }
    }

    private static void replace(Path target, ContentWriter content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        // Not Files.createTempFile: that makes the file owner-only (0600) on POSIX, and the rename would
        // carry those permissions over to the model file; CREATE_NEW gets the usual umask permissions.
        Path temp = directory.resolve(tempName(absolute.getFileName().toString()));
        InFlight.TEMPS.add(temp);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                // Data must be on disk before the rename makes it visible, or a crash could leave a
                // complete-looking name over incomplete bytes.
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        } finally {
            InFlight.TEMPS.remove(temp);
        }
        forceDirectory(directory);
    }

    /**
     * The temp files being written now, deleted by a shutdown hook: a JVM stopped mid-write (Ctrl-C, kill) never
     * reaches the clean-up above, and a checkpoint-sized leftover was left beside the run's files at every interrupt.
     * A write the hook cuts short fails at its rename; the target keeps its old content.
     */
    private static final class InFlight {
        static final Set<Path> TEMPS = ConcurrentHashMap.newKeySet();

        static {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(InFlight::deleteAll, "atlas-temp-files"));
            } catch (IllegalStateException shuttingDown) {
                // first used while the JVM stops: its writes are cleaned up on failure as before
            }
        }

        private static void deleteAll() {
            for (Path temp : TEMPS) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the JVM is stopping: nothing else to do with it
                }
            }
        }
    }

    /** Code points of the target's name kept in the temp file's name: enough to tell whose leftover it is. */
    static final int TEMP_NAME_PREFIX = 40;

    /**
     * The temp file's name: the start of the target's, so a leftover after a crash says whose it is, and a UUID. Not the
     * whole name: with 42 characters added, a target name of 214 to 255 bytes, which the file system takes, would have
     * failed here, at the end of a training run. At most 1 + 4·40 + 1 + 36 + 4 = 202 bytes in UTF-8.
     */
    static String tempName(String targetName) {
        int end = targetName.offsetByCodePoints(0, Math.min(TEMP_NAME_PREFIX, targetName.codePointCount(0,
                targetName.length())));
        return "." + targetName.substring(0, end) + "." + UUID.randomUUID() + ".tmp";
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Makes a rename in {@code directory} durable. Some platforms (Windows) cannot open a directory for this; the file
     * is already complete on disk there, so skipping it only weakens durability, never correctness.
     */
    public static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            // best effort, see above
        }
    }

    /**
     * Creates and deletes a hidden file in {@code folder}, or says in its exception why the folder takes none: the
     * permission bits, which root always passes, do not tell (a read-only mount, sysfs), and finding out at the write
     * would cost the work before it.
     */
    public static void probeWritable(Path folder) throws IOException {
        Path probe = folder.resolve(".atlas-write-check-" + UUID.randomUUID());
        Files.createFile(probe);
        Files.delete(probe);
    }
}
