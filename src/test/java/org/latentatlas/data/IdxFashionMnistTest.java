package org.latentatlas.data;

import org.latentatlas.Prerequisites;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST where Debian's dataset-fashion-mnist package installs it. */
class IdxFashionMnistTest {
    static final Path DIR = DatasetCatalog.DEBIAN_FASHION_MNIST;

    @Test
    void readsTheDebianPackageFilesWithTheDocumentedCountsAndHashes() throws Exception {
        Prerequisites.require(Files.isDirectory(DIR), "apt-get install dataset-fashion-mnist to run this test");
        Idx.Images train = Idx.readImages(DIR.resolve("train-images-idx3-ubyte.gz"));
        Idx.Labels trainLabels = Idx.readLabels(DIR.resolve("train-labels-idx1-ubyte.gz"));
        assertThat(train.count()).isEqualTo(60_000);
        assertThat(train.rows()).isEqualTo(28);
        assertThat(train.cols()).isEqualTo(28);
        assertThat(train.levels()).isEqualTo(255);
        // SHA-256 of the decompressed files, from shared/data/DATASETS.md
        assertThat(train.sha256()).isEqualTo("c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888");
        assertThat(trainLabels.sha256()).isEqualTo("bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9");
        Idx.Images test = Idx.readImages(DIR.resolve("t10k-images-idx3-ubyte.gz"));
        Idx.Labels testLabels = Idx.readLabels(DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(test.count()).isEqualTo(10_000);
        assertThat(test.sha256()).isEqualTo("5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b");
        assertThat(testLabels.sha256()).isEqualTo("0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    }
}
