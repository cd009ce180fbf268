package org.latentatlas.io;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A child JVM for {@link AtomicFilesShutdownTest}: starts writing {@code args[0]}, and while the write is under way
 * (its first bytes in the temp file) ends the JVM as Ctrl-C does, with {@code System.exit(130)}.
 */
public final class StoppedMidWrite {
    private StoppedMidWrite() {}

    public static void main(String[] args) throws Exception {
        AtomicFiles.write(Path.of(args[0]), channel -> {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            channel.force(true);
            System.exit(130); // the JVM stops here, mid-write, as at an interrupt
        });
    }
}
