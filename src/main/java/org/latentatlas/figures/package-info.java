/**
 * Figures of a trained model ({@code atlas plot}), each drawn once onto a {@code Graphics2D} so the PNG and the
 * SVG cannot differ ({@link org.latentatlas.figures.Figure}, written by
 * {@link org.latentatlas.figures.FigureWriter}).
 *
 * <p>A {@link org.latentatlas.figures.FigureContext} holds what every figure needs: the model, the split and its
 * encoding. Each figure class turns it into a {@link org.latentatlas.figures.Figure}:
 * {@link org.latentatlas.figures.LatentScatter}, {@link org.latentatlas.figures.ManifoldGrid},
 * {@link org.latentatlas.figures.Reconstructions}, {@link org.latentatlas.figures.PriorSamples},
 * {@link org.latentatlas.figures.Interpolations}, {@link org.latentatlas.figures.Traversals},
 * {@link org.latentatlas.figures.KlBars}, {@link org.latentatlas.figures.TrainingCurves} and
 * {@link org.latentatlas.figures.Comparison}; {@link org.latentatlas.figures.ContactSheet} draws a dataset's
 * images the same way for {@code atlas datasets show}. The image grids are all one
 * {@link org.latentatlas.figures.ImageTable}; {@link org.latentatlas.figures.Theme} holds the shared look,
 * including the class palette the web explorer uses.
 */
package org.latentatlas.figures;
