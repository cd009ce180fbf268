/**
 * The explorer ({@code atlas serve}, {@code atlas export}): with {@code cli}, the sixth stage of the data path
 * (data → train → model → io → eval → cli / server → web; docs/code-tour.md reads the packages in that order, starting
 * from the {@code train} command), the one before the page it serves ({@code src/main/resources/web}).
 * {@link org.latentatlas.server.ExplorerServer} serves the static page from the classpath, the model file as is (the
 * page decodes in JavaScript with the same arithmetic as {@code model.Vae}) and the encoded points that
 * {@link org.latentatlas.server.PointsJson} builds. It serves from memory and the classpath only, never from the file
 * system. {@link org.latentatlas.server.Exposure} says who else can open it when it is bound to an address other than
 * the loopback. {@link org.latentatlas.server.ExplorerPage} is the one list of the page's files, which the server
 * serves and {@link org.latentatlas.server.ExplorerExport} copies, with the model and the points, into a folder for any
 * static host ({@code atlas export}).
 */
package org.latentatlas.server;
