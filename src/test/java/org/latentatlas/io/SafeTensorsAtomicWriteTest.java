package org.latentatlas.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.latentatlas.io.ModelFileTest.CONFIG;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentatlas.model.ParameterLayout;

/** A save either fully replaces the file or leaves everything as it was, temp files included. */
class SafeTensorsAtomicWriteTest {

    private static final byte[] OLD = "the previous good model".getBytes();

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(Path::getFileName).sorted().toList();
        }
    }

    @Test
    void replacesAnExistingFileAndLeavesNothingElseBehind(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.safetensors");
        Files.write(target, OLD);

        ModelFile.write(target, CONFIG, ModelFileTest.parameters(CONFIG), Map.of());

        assertThat(ModelFile.read(target).config()).isEqualTo(CONFIG);
        assertThat(listing(dir)).containsExactly(Path.of("m.safetensors"));
    }

    @Test
    void aFileSystemRefusalNamesTheTargetAndTheReasonNotTheTempFile(@TempDir Path dir) {
        Path target = dir.resolve("gone").resolve("m.safetensors"); // its folder does not exist
        assertThatThrownBy(() -> AtomicFiles.write(target, new byte[8])).isInstanceOf(IOException.class)
                .hasMessage("cannot write " + target + ": no such file");
    }

    /** A full disk fails the write with a plain IOException that named no file: "No space left on device". */
    @Test
    void aFailureWhileWritingDeletesTheTempFileKeepsTheOldFileAndNamesTheTarget(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.safetensors");
        Files.write(target, OLD);

        assertThatThrownBy(() -> AtomicFiles.write(target, channel -> {
            channel.write(ByteBuffer.wrap(new byte[1000]));
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage("cannot write " + target + ": No space left on device");

        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        assertThat(listing(dir)).containsExactly(Path.of("m.safetensors"));
    }

    @Test
    void aFailedRenameDeletesTheTempFile(@TempDir Path dir) throws Exception {
        // A non-empty directory cannot be replaced by a file, so the final move fails.
        Path target = dir.resolve("m.safetensors");
        Files.createDirectory(target);
        Files.write(target.resolve("keep"), OLD);

        assertThatThrownBy(() -> SafeTensors.write(target, List.of(), ByteBuffer.allocate(0), Map.of()))
                .isInstanceOf(IOException.class);

        assertThat(listing(dir)).containsExactly(Path.of("m.safetensors"));
        assertThat(Files.readAllBytes(target.resolve("keep"))).isEqualTo(OLD);
    }

    @Test
    void invalidParametersNeverTouchTheOldFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.safetensors");
        Files.write(target, OLD);
        float[] diverged = ModelFileTest.parameters(CONFIG);
        diverged[ParameterLayout.of(CONFIG).weightOffset("encoder.0") + 7] = Float.POSITIVE_INFINITY;

        assertThatThrownBy(() -> ModelFile.write(target, CONFIG, diverged, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(Files.readAllBytes(target)).isEqualTo(OLD);
        assertThat(listing(dir)).containsExactly(Path.of("m.safetensors"));
    }

    @Test
    void theNewFileIsReadableByOthersNotOwnerOnlyLikeATempFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("m.safetensors");
        Path plain = Files.write(dir.resolve("plain"), OLD); // what the umask gives an ordinary new file

        SafeTensors.write(target, List.of(), ByteBuffer.allocate(0), Map.of());

        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(plain));
            assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_READ);
        }
    }

    @Test
    void theTempFilesNameStaysWithinTheLimitWhateverTheTargetsName() {
        for (String name : List.of("m".repeat(243) + ".safetensors", "字".repeat(85), "😀".repeat(63), "a")) {
            String temp = AtomicFiles.tempName(name);
            assertThat(temp.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).as(temp).isLessThanOrEqualTo(255);
            assertThat(temp).startsWith("." + name.substring(0, name.offsetByCodePoints(0,
                    Math.min(40, name.codePointCount(0, name.length()))))).endsWith(".tmp");
        }
    }

    @Test
    void writesIntoTheCurrentDirectoryGivenABareFileName() throws Exception {
        // A bare name has no parent; the temp file must still go next to the target.
        Path bare = Path.of("atomic-write-test-" + ProcessHandle.current().pid() + ".safetensors");
        try {
            SafeTensors.write(bare, List.of(), ByteBuffer.allocate(0), Map.of());
            assertThat(SafeTensors.read(bare).tensors()).isEmpty();
        } finally {
            Files.deleteIfExists(bare);
        }
    }
}
