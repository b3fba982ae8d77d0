package org.promptstudio.cli;

import picocli.CommandLine;

/**
 * The one check of numeric command-line options, at parse time: each numeric option names one of these picocli
 * converters ({@code @Option(converter = Numbers.Count.class)}), so a bad value stops the command before any work with
 * {@code usage error: --limit must be at least 1, not -5} and exit code 2 ({@link StudioCommand#USAGE_ERROR}); the
 * converter's message is prefixed with the option's name by {@link #message}.
 */
final class Numbers {

    private Numbers() {
    }

    /** A count (cases, rows, calls, ...): a whole number of at least 1. */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 1, Integer.MAX_VALUE);
        }
    }

    /** An id in the store (a run, a call): a whole number of at least 1. */
    static final class Id implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 1, Long.MAX_VALUE);
        }
    }

    /** A duration in milliseconds: a whole number of at least 0. */
    static final class Millis implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 0, Long.MAX_VALUE);
        }
    }

    /** A width in characters: a whole number of at least 20 (the narrowest column the text layouts draw). */
    static final class Width implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 20, 10_000);
        }
    }

    /** A cosine similarity threshold: a number from -1 to 1. */
    static final class Similarity implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("must be a cosine similarity from -1 to 1, not '" + value + "'");
            }
            if (!(d >= -1 && d <= 1)) {
                throw new CommandLine.TypeConversionException("must be a cosine similarity from -1 to 1, not " + value);
            }
            return d;
        }
    }

    /** A duration in seconds: a number above 0. */
    static final class Seconds implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("must be a number of seconds, not '" + value + "'");
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new CommandLine.TypeConversionException("must be above 0, not " + value);
            }
            return d;
        }
    }

    /**
     * An amount of money in US dollars: a decimal number of at least 0, with an optional leading {@code $}
     * ({@code 0.50}, {@code $2}).
     */
    static final class Usd implements CommandLine.ITypeConverter<java.math.BigDecimal> {
        @Override
        public java.math.BigDecimal convert(String value) {
            String v = value.strip();
            if (v.startsWith("$")) v = v.substring(1);
            java.math.BigDecimal d;
            try {
                if (!v.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) throw new NumberFormatException();
                d = new java.math.BigDecimal(v);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("must be an amount in US dollars, not '" + value + "'");
            }
            if (d.signum() < 0) throw new CommandLine.TypeConversionException("must be at least 0, not " + value.strip());
            return d;
        }
    }

    /** {@code value} as a whole number in {@code [min, max]}; a {@link CommandLine.TypeConversionException} else. */
    static long whole(String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("must be a whole number, not '" + value + "'");
        }
        if (n < min) throw new CommandLine.TypeConversionException("must be at least " + min + ", not " + value.strip());
        if (n > max) throw new CommandLine.TypeConversionException("must be at most " + max + ", not " + value.strip());
        return n;
    }

    /**
     * The one-line message of a parse error: for a value one of these converters refused, {@code --name} and the
     * converter's reason ({@code --limit must be at least 1, not -5}); else picocli's own message.
     */
    static String message(CommandLine.ParameterException e) {
        if (e.getCause() instanceof CommandLine.TypeConversionException t
                && e.getArgSpec() instanceof CommandLine.Model.OptionSpec o && t.getMessage() != null
                && t.getMessage().startsWith("must ")) {
            return o.longestName() + " " + t.getMessage();
        }
        if (e.getCause() instanceof CommandLine.TypeConversionException t
                && e.getArgSpec() instanceof CommandLine.Model.PositionalParamSpec p && t.getMessage() != null
                && t.getMessage().startsWith("must ")) {
            return p.paramLabel() + " " + t.getMessage(); // ID must be a whole number, not 'abc'
        }
        return e.getMessage() == null ? "" : e.getMessage();
    }
}
