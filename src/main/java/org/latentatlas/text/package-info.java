/**
 * How the tool words what it writes: small helpers every package that writes a sentence for a person uses, so
 * the CLI's messages and the evaluation's verdicts list and print numbers the same way. Like {@code math}, it sits
 * under every other package and knows nothing above it.
 *
 * <ul>
 *   <li>{@link org.latentatlas.text.Words}: "a, b and c", and a number as a person types it (2, not 2.0).</li>
 * </ul>
 */
package org.latentatlas.text;
