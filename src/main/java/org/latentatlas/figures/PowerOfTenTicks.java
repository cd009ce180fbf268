package org.latentatlas.figures;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.NumberTickUnitSource;
import org.jfree.chart.axis.TickUnit;
import org.jfree.chart.axis.TickUnitSource;

/**
 * The tick units a linear axis picks by itself, with the labels of its smallest steps written "2·10⁻⁵" and "0", as
 * the log axes of the figures write their decades (10⁻²). The library writes a step under 10⁻⁴ in Java's
 * scientific pattern, "0E0, 2E-5, 4E-5", which is what the KL panel of a collapsed model showed; from 10⁻⁴ up it
 * writes plain decimals, and those are kept as they are.
 */
final class PowerOfTenTicks implements TickUnitSource {
    /** The smallest step the library labels in plain decimals ("0.0001"). */
    static final double SMALLEST_DECIMAL_STEP = 1e-4;
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    private final NumberTickUnitSource units = new NumberTickUnitSource();

    @Override
    public TickUnit getLargerTickUnit(TickUnit unit) {
        return labelled(units.getLargerTickUnit(unit));
    }

    @Override
    public TickUnit getCeilingTickUnit(TickUnit unit) {
        return labelled(units.getCeilingTickUnit(unit));
    }

    @Override
    public TickUnit getCeilingTickUnit(double size) {
        return labelled(units.getCeilingTickUnit(size));
    }

    private static TickUnit labelled(TickUnit unit) {
        return unit.getSize() >= SMALLEST_DECIMAL_STEP * (1 - 1e-9) ? unit
                : new NumberTickUnit(unit.getSize(), new PowerFormat(), unit.getMinorTickCount());
    }

    /**
     * "0", "2·10⁻⁵", "1.2·10⁻⁴", "−3·10⁻⁶": the mantissa to six significant digits, so that the sum 3 × 2·10⁻⁵ the
     * axis computes (6.000000000000001E-5) is written 6·10⁻⁵.
     */
    static String label(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        String mantissa = rounded.movePointLeft(exponent).toPlainString().replace('-', '−');
        StringBuilder power = new StringBuilder(mantissa).append("·10");
        for (char c : Integer.toString(exponent).toCharArray()) {
            power.append(c == '-' ? '⁻' : SUPERSCRIPTS.charAt(c - '0'));
        }
        return power.toString();
    }

    /** {@link #label} as the axis asks for it: a label is all it is for, never read back. */
    private static final class PowerFormat extends NumberFormat {
        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(label(number));
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(label(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("a tick label is never parsed, got " + source);
        }
    }
}
