package io.drsmonitor.drs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** DRS reports percentages as strings such as {@code "100%"} or {@code "97.44%"}. */
public final class Percent {
    private Percent() {
    }

    /** The number in a DRS percentage string, or null when it is absent or not a percentage. */
    public static Double parse(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.trim();
        if (s.endsWith("%")) {
            s = s.substring(0, s.length() - 1).trim();
        }
        if (s.isEmpty()) {
            return null;
        }
        try {
            double value = Double.parseDouble(s);
            return Double.isFinite(value) && value >= 0 && value <= 100 ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Formats as DRS does: whole numbers without decimals, others with up to two. */
    public static String format(double value) {
        if (value == Math.rint(value)) {
            return (long) value + "%";
        }
        return new BigDecimal(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "%";
    }
}
