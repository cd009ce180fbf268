/**
 * Datasets: the first stage of the data path (data → train → model → io → eval → cli / server → web; docs/code-tour.md
 * reads the packages in that order, starting from the {@code train} command). Everything here produces an immutable
 * {@link org.latentatlas.data.Dataset} or a train/test {@link org.latentatlas.data.Split}.
 *
 * <ul>
 *   <li>{@link org.latentatlas.data.DigitsCsv}: the embedded default (scikit-learn digits).</li>
 *   <li>{@link org.latentatlas.data.Idx}: MNIST-format files, gzip detected by magic bytes, every header field
 *       checked against the content size before allocating.</li>
 *   <li>{@link org.latentatlas.data.Csv} and {@link org.latentatlas.data.ImageFolder}: user data.</li>
 *   <li>{@link org.latentatlas.data.DatasetCatalog}: named sets (mnist, fashion-mnist) and where they are
 *       looked for (data dir, user cache, system package folders); {@link org.latentatlas.data.Downloader}
 *       fetches them on request, verified, atomically into the cache.</li>
 *   <li>{@link org.latentatlas.data.DatasetRequest}: {@code --dataset NAME|PATH} plus options to a split,
 *       with {@link org.latentatlas.data.DatasetMetadata} for the model file.</li>
 * </ul>
 * Every failure is a {@link org.latentatlas.data.DatasetException} naming the file and stating expected
 * versus actual; a CSV cell is located as an editor shows it ({@code FILE: line L, column C (NAME)}, from 1), and a
 * layout that a missing option would read says which ({@link org.latentatlas.data.CsvHints}).
 *
 * <p>Pixels are in [0, 1]: a {@link org.latentatlas.data.ValueRange} maps the raw values (and describes the mapping
 * for protocols), and a dataset's {@code levels} say whether they are counts k/L, which a Binomial likelihood needs,
 * or not (0). docs/data.md has the rules.
 */
package org.latentatlas.data;
