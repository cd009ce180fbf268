package org.latentatlas.io;

import static org.latentatlas.io.SafeTensors.METADATA_KEY;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.latentatlas.io.SafeTensors.TensorEntry;

/**
 * Validates a safetensors length prefix and header. Each rule fails with one line naming the source, the
 * tensor or key involved, and what was expected against what was found.
 */
final class HeaderParser {

    /** A header that passed every check; {@code dataBytes} is exactly what follows it in the file. */
    record Header(List<TensorEntry> tensors, Map<String, String> metadata, long dataBytes) {
    }

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String source;

    private HeaderParser(String source) {
        this.source = source;
    }

    /**
     * The header length N from the first 8 bytes, checked against the limit and the file size before anyone
     * allocates N bytes.
     */
    static long checkPrefix(String source, long fileSize, ByteBuffer prefix) throws SafeTensorsException {
        HeaderParser p = new HeaderParser(source);
        if (fileSize < SafeTensors.PREFIX_BYTES) {
            throw p.fail("file is " + fileSize + " bytes, shorter than the 8-byte header length that starts"
                    + " every safetensors file");
        }
        long n = prefix.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        long available = fileSize - SafeTensors.PREFIX_BYTES;
        boolean tooLong = Long.compareUnsigned(n, SafeTensors.MAX_HEADER_BYTES) > 0;
        String kind = tooLong || n > available ? looksLike(prefix) : "";
        if (!kind.isEmpty()) { // what the file is says more than the length its first bytes make
            throw p.fail("not a safetensors file: " + kind + " (read as a header length, its first 8 bytes give "
                    + Long.toUnsignedString(n) + " bytes)");
        }
        if (tooLong) {
            throw p.fail("header length " + Long.toUnsignedString(n) + " bytes is over the limit of "
                    + SafeTensors.MAX_HEADER_BYTES + " bytes (100 MB)");
        }
        if (n > available) {
            throw p.fail("header length " + n + " bytes is beyond the end of the file (only " + available
                    + " bytes follow the 8-byte length)");
        }
        return n;
    }

    /**
     * What a file whose first 8 bytes are no header length seems to be, or "" when they look like no known kind: a
     * user who gave a CSV or a report where a model goes should read that, not only the length those bytes make.
     */
    private static String looksLike(ByteBuffer prefix) {
        byte[] b = new byte[prefix.remaining()];
        prefix.duplicate().get(b);
        if (FileSignatures.isPng(b)) {
            return "it is a PNG image";
        }
        if (FileSignatures.isGzip(b)) {
            return "it is gzip-compressed";
        }
        for (byte c : b) {
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f) {
                return "";
            }
        }
        String start = new String(b, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return "it begins with text ('" + start + "…')" + (start.stripLeading().startsWith("{") ? ", like JSON" : "");
    }

    /** Parses and validates {@code header}, which {@code dataBytesInFile} bytes of tensor data follow. */
    static Header parse(String source, ByteBuffer header, long dataBytesInFile) throws SafeTensorsException {
        return new HeaderParser(source).parse(header, dataBytesInFile);
    }

    private Header parse(ByteBuffer header, long dataBytesInFile) throws SafeTensorsException {
        Map<String, JsonNode> entries = readEntries(decodeUtf8(header));
        Map<String, String> metadata = Map.of();
        List<TensorEntry> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = metadata(e.getValue());
            } else {
                tensors.add(tensor(e.getKey(), e.getValue()));
            }
        }
        tensors.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        checkContiguous(tensors, dataBytesInFile);
        return new Header(tensors, metadata, dataBytesInFile);
    }

    // ---------------------------------------------------------------- text and JSON

    private String decodeUtf8(ByteBuffer header) throws SafeTensorsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = header.duplicate();
        try {
            CharBuffer chars = decoder.decode(in);
            return chars.toString();
        } catch (CharacterCodingException e) {
            // decode() leaves the buffer at the start of the bad sequence.
            throw fail("header is not valid UTF-8 (bad byte sequence at header byte " + in.position() + ")");
        }
    }

    /**
     * The header's top-level entries in file order. Jackson's own tree reading keeps the last of two equal
     * keys silently, which would let a file smuggle in a second tensor under a known name; reading token by
     * token catches every duplicate and says where it is.
     */
    private Map<String, JsonNode> readEntries(String text) throws SafeTensorsException {
        try (JsonParser p = SafeTensors.JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw fail("header must be a JSON object, got " + describe(first));
            }
            Map<String, JsonNode> entries = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (entries.containsKey(name)) {
                    throw fail(name.equals(METADATA_KEY) ? METADATA_KEY + " appears twice in the header"
                            : "duplicate tensor name " + quote(name) + " in the header");
                }
                entries.put(name, readValue(p, owner(name)));
            }
            if (p.nextToken() != null) {
                throw fail("header has more JSON after its object (only spaces may follow it)");
            }
            return entries;
        } catch (SafeTensorsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw fail("header is not valid JSON: " + MetadataJson.firstLine(e) + location(e));
        } catch (IOException e) {
            throw new SafeTensorsException(source, "cannot read header: " + e, e);
        }
    }

    private JsonNode readValue(JsonParser p, String owner) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    if (object.has(key)) {
                        throw fail(owner + " has duplicate key " + quote(key));
                    }
                    object.set(key, readValue(p, owner));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(p, owner));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return NODES.numberNode(p.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(p.getBooleanValue());
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw fail("header has an unexpected JSON token " + p.currentToken());
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    // ---------------------------------------------------------------- entries

    private Map<String, String> metadata(JsonNode node) throws SafeTensorsException {
        if (!node.isObject()) {
            throw fail(METADATA_KEY + " must be a JSON object of strings, got " + describe(node));
        }
        Map<String, String> metadata = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw fail(METADATA_KEY + " value for " + quote(e.getKey()) + " must be a string, got "
                        + describe(e.getValue()));
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return java.util.Collections.unmodifiableMap(metadata);
    }

    private TensorEntry tensor(String name, JsonNode node) throws SafeTensorsException {
        String owner = owner(name);
        if (!node.isObject()) {
            throw fail(owner + " must be a JSON object {dtype, shape, data_offsets}, got " + describe(node));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String field = e.getKey();
            if (!ENTRY_FIELDS.contains(field)) {
                throw fail(owner + " has unknown field " + quote(field) + " (expected dtype, shape, data_offsets)");
            }
        }
        DType dtype = dtype(owner, required(owner, node, "dtype"));
        List<Long> shape = naturals(owner, "shape", required(owner, node, "shape"));
        List<Long> offsets = naturals(owner, "data_offsets", required(owner, node, "data_offsets"));
        if (offsets.size() != 2) {
            throw fail(owner + " data_offsets must be [begin, end], got " + offsets.size() + " numbers " + offsets);
        }
        long begin = offsets.get(0);
        long end = offsets.get(1);
        if (end < begin) {
            throw fail(owner + " data_offsets " + offsets + " end before they begin");
        }
        long needed = byteCount(owner, dtype, shape);
        if (end - begin != needed) {
            throw fail(owner + " has " + (end - begin) + " bytes (data_offsets " + offsets + ") but shape "
                    + shape + " of " + dtype + " needs " + needed);
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private JsonNode required(String owner, JsonNode entry, String field) throws SafeTensorsException {
        JsonNode value = entry.get(field);
        if (value == null) {
            throw fail(owner + " is missing \"" + field + "\" (expected dtype, shape, data_offsets)");
        }
        return value;
    }

    private DType dtype(String owner, JsonNode node) throws SafeTensorsException {
        if (!node.isTextual()) {
            throw fail(owner + " dtype must be a string, got " + describe(node));
        }
        return DType.parse(node.textValue()).orElseThrow(() -> fail(owner + " has unknown dtype "
                + quote(node.textValue()) + " (known: " + DType.known() + ")"));
    }

    /** A JSON array of non-negative integers that fit in a signed 64-bit long. */
    private List<Long> naturals(String owner, String field, JsonNode node) throws SafeTensorsException {
        if (!node.isArray()) {
            throw fail(owner + " " + field + " must be an array of integers, got " + describe(node));
        }
        List<Long> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isIntegralNumber()) {
                throw fail(owner + " " + field + " must hold integers, got " + describe(element));
            }
            if (!element.canConvertToLong()) {
                throw fail(owner + " " + field + " value " + element.bigIntegerValue() + " overflows 64 bits");
            }
            if (element.longValue() < 0) {
                throw fail(owner + " " + field + " " + node + " has a negative value " + element.longValue());
            }
            values.add(element.longValue());
        }
        return values;
    }

    private long byteCount(String owner, DType dtype, List<Long> shape) throws SafeTensorsException {
        long count = dtype.byteSize();
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw fail(owner + " shape " + shape + " of " + dtype + " is too large: its byte count overflows"
                        + " 64 bits");
            }
        }
        return count;
    }

    // ---------------------------------------------------------------- layout

    /** Offsets must tile [0, dataBytes) exactly: no gap, no overlap, nothing after the last tensor. */
    private void checkContiguous(List<TensorEntry> byOffset, long dataBytes) throws SafeTensorsException {
        long expected = 0;
        TensorEntry previous = null;
        for (TensorEntry t : byOffset) {
            if (t.begin() < expected) {
                throw fail("tensors " + quote(previous.name()) + " " + range(previous) + " and "
                        + quote(t.name()) + " " + range(t) + " overlap");
            }
            if (t.begin() > expected) {
                throw fail(previous == null
                        ? "tensor data must start at offset 0, but the first tensor " + quote(t.name())
                                + " begins at " + t.begin()
                        : "tensor data must be contiguous, but " + quote(previous.name()) + " ends at " + expected
                                + " and the next tensor " + quote(t.name()) + " begins at " + t.begin());
            }
            expected = t.end();
            previous = t;
        }
        if (expected > dataBytes) {
            throw fail("tensor data ends at byte " + expected + " of the data section, beyond the end of the file"
                    + " (which has " + dataBytes + " data bytes)");
        }
        if (expected < dataBytes) {
            throw fail((dataBytes - expected) + " trailing bytes after the tensor data (tensors end at byte "
                    + expected + " of the data section, the file has " + dataBytes + ")");
        }
    }

    private static String range(TensorEntry t) {
        return "[" + t.begin() + ", " + t.end() + "]";
    }

    // ---------------------------------------------------------------- messages

    private static String owner(String name) {
        return name.equals(METADATA_KEY) ? METADATA_KEY : "tensor " + quote(name);
    }

    /** A name in quotes, control characters escaped and long names cut, so messages stay on one line. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("'");
        s.codePoints().limit(120).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append(s.codePointCount(0, s.length()) > 120 ? "…'" : "'").toString();
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing (the header is empty or only spaces)";
        }
        switch (token) {
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.toString();
        }
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        String text = node.toString();
        if (text.length() > 60) {
            text = text.substring(0, 60) + "…";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + quoteless(text);
    }

    private static String quoteless(String text) {
        String quoted = quote(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    private SafeTensorsException fail(String problem) {
        return new SafeTensorsException(source, problem);
    }
}
