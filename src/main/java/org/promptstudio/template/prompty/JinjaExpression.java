package org.promptstudio.template.prompty;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The small part of Jinja2's expression language that Handlebars can say: variables with attribute and index
 * access, literals, {@code not}, {@code ==} and {@code !=}. Everything else is refused with a reason that names the
 * construct ({@code cannot convert filter '| upper'}).
 */
final class JinjaExpression {

    enum Type { NAME, STRING, NUMBER, OP }

    record Lexeme(Type type, String text) {
        boolean is(String s) {
            return (type == Type.OP || type == Type.NAME) && text.equals(s);
        }
    }

    /** A variable path as written in Jinja: the first name and the segments after it (names or indexes). */
    record Path(String root, List<Segment> segments) {
    }

    /** {@code .name}, {@code ["key"]} or {@code [0]}. */
    record Segment(String key, boolean index) {
    }

    /** A value: a path, or a constant (a string, number, boolean or none lexeme). */
    record Operand(Path path, Lexeme constant) {
        /** The constant as a Handlebars literal parameter. */
        String literal() throws Unconvertible {
            return switch (constant.type()) {
                case STRING -> stringLiteral(constant.text());
                case NAME -> switch (constant.text()) {
                    case "true", "True" -> "true";
                    case "false", "False" -> "false";
                    default -> "null";
                };
                default -> constant.text();
            };
        }

        /** The constant as Jinja prints it. */
        String text() {
            return constant.text();
        }
    }

    /** A condition as Handlebars block helpers express it. */
    record Condition(String helper, Operand left, Operand right) {
    }

    /** Thrown when an expression has no Handlebars equivalent; the message is the reason, for the user. */
    static final class Unconvertible extends Exception {
        private static final long serialVersionUID = 1L;

        Unconvertible(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> LOGIC = Set.of("and", "or", "in", "is", "if", "else");
    private static final Set<String> CONSTANTS = Set.of("true", "True", "false", "False", "none", "None");

    private final String source;
    private final List<Lexeme> lexemes;
    private int pos;

    private JinjaExpression(String source) throws Unconvertible {
        this.source = source.strip();
        this.lexemes = tokenize(this.source);
    }

    static JinjaExpression of(String source) throws Unconvertible {
        return new JinjaExpression(source);
    }

    List<Lexeme> lexemes() {
        return lexemes;
    }

    /** The output of {@code {{ expression }}}: a path or a constant. */
    Operand output() throws Unconvertible {
        if (lexemes.isEmpty()) throw new Unconvertible("cannot convert an empty expression '{{ }}'");
        pos = 0;
        Operand o = operand();
        if (o == null || pos != lexemes.size()) throw new Unconvertible(describe());
        return o;
    }

    /** The condition of an {@code if} or {@code elif}. */
    Condition condition() throws Unconvertible {
        pos = 0;
        boolean negated = false;
        while (pos < lexemes.size() && lexemes.get(pos).is("not")) {
            negated = !negated;
            pos++;
        }
        Operand left = operand();
        if (left == null) throw new Unconvertible(describe());
        if (pos == lexemes.size()) {
            if (left.path() == null) throw new Unconvertible("cannot convert condition '" + source + "' (a constant)");
            return new Condition(negated ? "unless" : "if", left, null);
        }
        Lexeme op = lexemes.get(pos++);
        if (!op.is("==") && !op.is("!=")) throw new Unconvertible(describe());
        Operand right = operand();
        if (right == null || pos != lexemes.size()) throw new Unconvertible(describe());
        if (left.path() == null && right.path() == null) {
            throw new Unconvertible("cannot convert condition '" + source + "' (compares two constants)");
        }
        if (left.path() == null) {
            Operand t = left;
            left = right;
            right = t;
        }
        boolean equal = op.is("==") != negated;
        return new Condition(equal ? "ifEquals" : "unlessEquals", left, right);
    }

    /** A path alone: the iterable of a {@code for}. */
    Path path() throws Unconvertible {
        pos = 0;
        Operand o = operand();
        if (o == null || o.path() == null || pos != lexemes.size()) throw new Unconvertible(describe());
        return o.path();
    }

    private Operand operand() throws Unconvertible {
        if (pos >= lexemes.size()) return null;
        Lexeme l = lexemes.get(pos);
        if (l.type() == Type.STRING || l.type() == Type.NUMBER) {
            pos++;
            return new Operand(null, l);
        }
        if (l.type() == Type.OP && l.text().equals("-") && pos + 1 < lexemes.size()
                && lexemes.get(pos + 1).type() == Type.NUMBER) {
            pos += 2;
            return new Operand(null, new Lexeme(Type.NUMBER, "-" + lexemes.get(pos - 1).text()));
        }
        if (l.type() != Type.NAME || LOGIC.contains(l.text()) || l.text().equals("not")) return null;
        pos++;
        if (CONSTANTS.contains(l.text())) return new Operand(null, l);
        List<Segment> segments = new ArrayList<>();
        while (pos < lexemes.size()) {
            Lexeme next = lexemes.get(pos);
            if (next.is(".") && pos + 1 < lexemes.size() && lexemes.get(pos + 1).type() == Type.NAME) {
                segments.add(new Segment(lexemes.get(pos + 1).text(), false));
                pos += 2;
            } else if (next.is("[") && pos + 2 < lexemes.size() && lexemes.get(pos + 2).is("]")
                    && (lexemes.get(pos + 1).type() == Type.STRING || lexemes.get(pos + 1).type() == Type.NUMBER)) {
                Lexeme key = lexemes.get(pos + 1);
                if (key.type() == Type.NUMBER && key.text().contains(".")) return null;
                segments.add(new Segment(key.text(), key.type() == Type.NUMBER));
                pos += 3;
            } else {
                break;
            }
        }
        return new Operand(new Path(l.text(), segments), null);
    }

    /** Why the whole expression cannot be converted, naming the first construct Handlebars lacks. */
    String describe() {
        for (int i = 0; i < lexemes.size(); i++) {
            Lexeme l = lexemes.get(i);
            if (l.is("|")) {
                String name = i + 1 < lexemes.size() ? lexemes.get(i + 1).text() : "";
                return "cannot convert filter '| " + name + "'";
            }
        }
        for (int i = 0; i + 1 < lexemes.size(); i++) {
            if (lexemes.get(i).type() == Type.NAME && lexemes.get(i + 1).is("(")) {
                return "cannot convert call '" + callText(i) + "'";
            }
        }
        for (Lexeme l : lexemes) {
            if (l.is("is")) return "cannot convert test '" + source.substring(source.indexOf(" is ") + 1) + "'";
        }
        for (Lexeme l : lexemes) {
            if (l.is("and") || l.is("or")) {
                return "cannot convert '" + l.text() + "' in '" + source + "'";
            }
        }
        return "cannot convert expression '" + source + "'";
    }

    /** {@code name(...)} including a dotted prefix such as {@code user.items()}. */
    private String callText(int nameIndex) {
        int start = nameIndex;
        while (start >= 2 && lexemes.get(start - 1).is(".") && lexemes.get(start - 2).type() == Type.NAME) start -= 2;
        StringBuilder sb = new StringBuilder();
        for (int i = start; i <= nameIndex; i++) sb.append(lexemes.get(i).text());
        return sb.append("(...)").toString();
    }

    /** A Handlebars string literal for {@code value}; Handlebars has no escapes, so one of the quotes must be free. */
    private static String stringLiteral(String value) throws Unconvertible {
        if (!value.contains("\"")) return "\"" + value + "\"";
        if (!value.contains("'")) return "'" + value + "'";
        throw new Unconvertible("cannot convert a string holding both kinds of quotes: " + value);
    }

    static boolean isIdentifier(String s) {
        return IDENTIFIER.matcher(s).matches();
    }

    private static List<Lexeme> tokenize(String s) throws Unconvertible {
        List<Lexeme> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                out.add(new Lexeme(Type.NAME, s.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
                if (j + 1 < s.length() && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                }
                out.add(new Lexeme(Type.NUMBER, s.substring(i, j).replace("_", "")));
                i = j;
            } else if (c == '"' || c == '\'') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && j + 1 < s.length()) {
                        char e = s.charAt(++j);
                        value.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> e;
                        });
                    } else {
                        value.append(s.charAt(j));
                    }
                    j++;
                }
                if (j >= s.length()) throw new Unconvertible("unclosed string in '" + s + "'");
                out.add(new Lexeme(Type.STRING, value.toString()));
                i = j + 1;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (Set.of("==", "!=", "<=", ">=", "**", "//").contains(two)) {
                    out.add(new Lexeme(Type.OP, two));
                    i += 2;
                } else {
                    out.add(new Lexeme(Type.OP, String.valueOf(c)));
                    i++;
                }
            }
        }
        return out;
    }
}
