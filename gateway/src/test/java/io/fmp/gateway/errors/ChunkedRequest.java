package io.fmp.gateway.errors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A POST whose body goes out in HTTP/1.1 chunks with no Content-Length, written while the answer is
 * read on another thread: a server that refuses the body part-way answers while the client is still
 * sending (HTTP clients that send first and read after would see only the broken connection).
 */
final class ChunkedRequest {

    /** What came back, and how many body bytes were sent before the server answered or closed. */
    record Answer(int status, String headers, String body, long bytesSent) {
    }

    private ChunkedRequest() {
    }

    /** Sends {@code total} bytes of {@code filler} after {@code prefix} (both ASCII), then {@code suffix}. */
    static Answer post(int port, String bearer, String path, String contentType, String prefix, byte filler,
                       long total, String suffix) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            CompletableFuture<byte[]> response = CompletableFuture.supplyAsync(() -> readAll(socket));
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                    + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long sent = 0;
            try {
                sent += chunk(out, prefix.getBytes(StandardCharsets.US_ASCII));
                byte[] block = new byte[64 * 1024];
                Arrays.fill(block, filler);
                while (sent < total && !response.isDone()) {
                    sent += chunk(out, Arrays.copyOf(block, (int) Math.min(block.length, total - sent)));
                }
                if (!response.isDone()) {
                    sent += chunk(out, suffix.getBytes(StandardCharsets.US_ASCII));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException closedByServer) {
                // the server answered and closed while the body was still going out
            }
            String text = new String(response.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String head = end < 0 ? text : text.substring(0, end);
            String body = end < 0 ? "" : text.substring(end + 4);
            return new Answer(Integer.parseInt(head.split(" ")[1]), head, body, sent);
        }
    }

    private static int chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        return data.length;
    }

    /** The answer up to the end of its first body (Content-Length) or the connection's end. */
    private static byte[] readAll(Socket socket) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (IOException e) {
            // reset after the answer: what came is what there is
        }
        return bytes.toByteArray();
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        for (String line : text.substring(0, end).split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return text.length() - end - 4 >= Integer.parseInt(line.substring(15).trim());
            }
        }
        return false;
    }
}
