/**
 * How the tool writes text: sentences for a person and JSON for its files, each configured once so that every
 * package writes them the same way. Like {@code math}, it sits under every other package and knows nothing above
 * it.
 *
 * <ul>
 *   <li>{@link org.latentatlas.text.Words}: "a, b and c", and a number as a person types it (2, not 2.0), for the
 *       CLI's messages and the evaluation's verdicts alike.</li>
 *   <li>{@link org.latentatlas.text.Json}: the shared Jackson mapper of model metadata, checkpoints and reports.</li>
 * </ul>
 */
package org.latentatlas.text;
