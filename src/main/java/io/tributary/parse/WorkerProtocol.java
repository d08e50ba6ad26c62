package io.tributary.parse;

import io.tributary.model.ParsedDocument;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipe between the service and a {@link ParseWorker}: length-prefixed frames on the child's
 * stdin and stdout. The child answers {@link #READY} once Tika is loaded, then one response per
 * request, in order. Strings are UTF-8 with an int length ({@code -1} for null). The service reads
 * a child's answer as untrusted input: lengths are bounded, a short or malformed frame is an {@link
 * IOException} and the child is killed.
 */
final class WorkerProtocol {

  static final int READY = 0x54524942; // "TRIB"
  private static final int DOCUMENTS = 1;
  private static final int MAX_FRAME = Integer.MAX_VALUE - 64;

  record Request(String fileName, byte[] content, ParseLimits limits) {}

  private WorkerProtocol() {}

  static void writeRequest(DataOutputStream out, Request request) throws IOException {
    out.writeLong(request.limits().timeout().toNanos());
    out.writeInt(request.limits().maxChars());
    out.writeInt(request.limits().maxEmbedded());
    writeString(out, request.fileName());
    out.writeInt(request.content().length);
    out.write(request.content());
    out.flush();
  }

  static Request readRequest(DataInputStream in) throws IOException {
    Duration timeout = Duration.ofNanos(in.readLong());
    int maxChars = in.readInt();
    int maxEmbedded = in.readInt();
    String fileName = readString(in);
    byte[] content = readBytes(in);
    return new Request(fileName, content, new ParseLimits(maxChars, timeout, maxEmbedded));
  }

  static void writeDocuments(DataOutputStream out, List<ParsedDocument> documents)
      throws IOException {
    out.writeInt(DOCUMENTS);
    out.writeInt(documents.size());
    for (ParsedDocument d : documents) {
      writeString(out, d.path());
      out.writeInt(d.properties().size());
      for (Map.Entry<String, String> p : d.properties().entrySet()) {
        writeString(out, p.getKey());
        writeString(out, p.getValue());
      }
      writeString(out, d.markup());
      writeString(out, d.rejection());
    }
    out.flush();
  }

  static List<ParsedDocument> readDocuments(DataInputStream in) throws IOException {
    if (in.readInt() != DOCUMENTS) {
      throw new IOException("unexpected frame from the parse worker");
    }
    int n = count(in.readInt());
    List<ParsedDocument> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      String path = readString(in);
      int properties = count(in.readInt());
      Map<String, String> p = new LinkedHashMap<>();
      for (int j = 0; j < properties; j++) {
        p.put(readString(in), readString(in));
      }
      String markup = readString(in);
      String rejection = readString(in);
      if (path == null) {
        throw new IOException("a part without a path from the parse worker");
      }
      out.add(new ParsedDocument(path, p, markup, rejection));
    }
    if (out.isEmpty()) {
      throw new IOException("no documents from the parse worker");
    }
    return out;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == -1) {
      return null;
    }
    byte[] bytes = new byte[count(length)];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[count(in.readInt())];
    in.readFully(bytes);
    return bytes;
  }

  private static int count(int n) throws IOException {
    if (n < 0 || n > MAX_FRAME) {
      throw new IOException("bad length " + n + " in a parse worker frame");
    }
    return n;
  }
}
