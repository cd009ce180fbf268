package org.latentatlas.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProjectionTest {
    @Test
    void umapWithASeedAndOneThreadIsDeterministic() {
        float[] x = TsneTest.twoClusters(30, 6, 5);
        float[] a = Projection.UMAP.project(x, 60, 6, 9);
        float[] b = Projection.UMAP.project(x, 60, 6, 9);
        assertThat(a).hasSize(120).containsExactly(b);
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesAreNamedInTheError() {
        assertThat(Projection.parse("t-SNE")).isEqualTo(Projection.TSNE);
        assertThat(Projection.parse("umap")).isEqualTo(Projection.UMAP);
        assertThatThrownBy(() -> Projection.parse("isomap")).hasMessageContaining("'isomap'");
    }
}
