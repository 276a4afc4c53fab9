package io.drsmonitor.query;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 requests written byte for byte over a socket: Java's HTTP client refuses the malformed
 * URIs, NUL bytes and odd headers a hostile client sends, so these are written as given.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** One answer: status, headers by lower-case name (the last of a repeated one) and the body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code method target HTTP/1.1} with a Host header, the {@code extraHeaders} lines (each
     * ending in CRLF) and {@code body}, asks the server to close, and reads the answer to the end.
     */
    static Answer send(int port, String method, String target, String extraHeaders, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n" + extraHeaders
                + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "") + "\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(content);
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()), "HEAD".equals(method));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /**
     * Reads one answer: the head, then a body of Content-Length bytes, chunks to the last, or (neither)
     * everything to the end; not to the end in every case, as a server keeps a connection whose
     * request body has not ended (a chunked GET the client never finishes) open after answering.
     */
    private static Answer read(InputStream in, boolean head) throws IOException {
        // One char per byte, so that sizes (in bytes) index the text; the body is decoded as UTF-8 at the end.
        StringBuilder text = new StringBuilder();
        int end;
        while ((end = text.indexOf("\r\n\r\n")) < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("not an HTTP answer: " + text);
            }
            text.append((char) b);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        if (!lines[0].startsWith("HTTP/1.")) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        int status = Integer.parseInt(lines[0].substring(9, 12));
        String body;
        if (head || status == 204 || status == 304) {
            body = "";
        } else if (headers.containsKey("content-length")) {
            body = latin1(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equals(headers.get("transfer-encoding"))) {
            body = unchunked(in);
        } else {
            body = latin1(in.readAllBytes());
        }
        return new Answer(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String unchunked(InputStream in) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            StringBuilder sizeLine = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                sizeLine.append((char) b);
            }
            int size = Integer.parseInt(sizeLine.toString().trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(latin1(in.readNBytes(size)));
            in.readNBytes(2);
        }
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
