/**
 * Datasets: the first stage of the data path (data → train → model → io → eval → cli). Everything here
 * produces an immutable {@link org.latentatlas.data.Dataset} or a train/test {@link org.latentatlas.data.Split}.
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
 * versus actual.
 */
package org.latentatlas.data;
