/**
 * Model files: a trained model as a safetensors file that PyTorch's {@code load_state_dict} can read; the fourth stage
 * of the data path (data → train → model → io → eval → cli / server → web; docs/code-tour.md reads the packages in that
 * order, starting from the {@code train} command).
 *
 * <ul>
 *   <li>{@link org.latentatlas.io.ModelFile}: writes and loads a model (tensors in {@code model.ParameterLayout}
 *       order, the architecture and training record in metadata); a file that loads is a model that runs.</li>
 *   <li>{@link org.latentatlas.io.SafeTensors}: the format itself, with
 *       {@link org.latentatlas.io.HeaderParser} checking every header field against the file before anything is
 *       allocated.</li>
 *   <li>{@link org.latentatlas.io.MetadataJson}: the JSON entries of {@code __metadata__} read into records, every
 *       refusal naming the key, the field's path, its value and what was expected.</li>
 *   <li>{@link org.latentatlas.io.AtomicFiles}: model files, checkpoints, figures and reports are written
 *       through it, so a crash leaves the old file or the new one, never half of one.</li>
 * </ul>
 * Failures are one-line messages that start with the file name ({@link org.latentatlas.io.ModelFileException},
 * {@link org.latentatlas.io.SafeTensorsException}).
 */
package org.latentatlas.io;
