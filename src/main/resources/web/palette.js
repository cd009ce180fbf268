// Class colours. The first eight are Okabe & Ito's palette (distinct under the common colour-vision
// deficiencies); the ninth and tenth are a neutral grey and Paul Tol's wine, which stay apart from them by
// lightness. Points get a thin dark outline so the yellow reads on the light background.

const COLOURS = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2',
                 '#D55E00', '#CC79A7', '#000000', '#999999', '#882255'];

export function classColour(label) {
  return COLOURS[((label % COLOURS.length) + COLOURS.length) % COLOURS.length];
}

export const INK = [17, 24, 39];        // #111827, the glyphs' darkest pixel
export const PAPER = [255, 255, 255];
