package org.promptstudio.format;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * A Jackson YAML parser that types plain scalars by the YAML 1.2 core schema (YAML 1.2.2, section 10.3.2, "Tag
 * Resolution") instead of SnakeYAML's YAML 1.1 rules. Quoted, block and explicitly tagged scalars are left to the
 * base parser, which already takes them as written.
 */
final class CoreSchemaParser extends YAMLParser {

    // The regular expressions of YAML 1.2.2 section 10.3.2, in the table's order.
    private static final Pattern NULL = Pattern.compile("null|Null|NULL|~");
    private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
    private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
    private static final Pattern BASE10 = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern BASE8 = Pattern.compile("0o[0-7]+");
    private static final Pattern BASE16 = Pattern.compile("0x[0-9a-fA-F]+");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");
    private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");

    CoreSchemaParser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions options, ObjectCodec codec,
            Reader reader) {
        super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
    }

    @Override
    protected JsonToken _decodeScalar(ScalarEvent scalar) throws IOException {
        String tag = scalar.getTag();
        boolean plain = (tag == null || tag.equals("!")) && scalar.getImplicit().canOmitTagInPlainScalar()
                && scalar.isPlain();
        String value = scalar.getValue();
        if (!plain || value.isEmpty()) return super._decodeScalar(scalar);
        _textValue = value; // what getText() gives: a text field keeps "012345" as written
        _cleanedTextValue = null;
        if (NULL.matcher(value).matches()) return JsonToken.VALUE_NULL;
        if (TRUE.matcher(value).matches()) return JsonToken.VALUE_TRUE;
        if (FALSE.matcher(value).matches()) return JsonToken.VALUE_FALSE;
        if (BASE10.matcher(value).matches()) return integer(new BigInteger(value.startsWith("+") ? value.substring(1) : value));
        if (BASE8.matcher(value).matches()) return integer(new BigInteger(value.substring(2), 8));
        if (BASE16.matcher(value).matches()) return integer(new BigInteger(value.substring(2), 16));
        if (FLOAT.matcher(value).matches()) return floating(Double.parseDouble(value));
        if (INF.matcher(value).matches()) {
            return floating(value.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (NAN.matcher(value).matches()) return floating(Double.NaN);
        return JsonToken.VALUE_STRING;
    }

    private JsonToken integer(BigInteger v) {
        _numberNegative = v.signum() < 0;
        _cleanedTextValue = v.toString();
        if (v.bitLength() < 32) {
            _numberInt = v.intValue();
            _numTypesValid = NR_INT;
        } else if (v.bitLength() < 64) {
            _numberLong = v.longValue();
            _numTypesValid = NR_LONG;
        } else {
            _numberBigInt = v;
            _numTypesValid = NR_BIGINT;
        }
        return JsonToken.VALUE_NUMBER_INT;
    }

    private JsonToken floating(double d) {
        _numberNegative = d < 0;
        _numberIsNaN = Double.isNaN(d) || Double.isInfinite(d);
        _cleanedTextValue = Double.toString(d);
        _numberDouble = d;
        _numTypesValid = NR_DOUBLE;
        return JsonToken.VALUE_NUMBER_FLOAT;
    }
}
