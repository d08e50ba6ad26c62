package io.tributary.source;

import io.quarkus.security.Authenticated;
import io.tributary.api.BodyLimit;
import io.tributary.api.Callers;
import io.tributary.api.OpenApiDocument;
import io.tributary.api.ProblemException;
import io.tributary.api.Quotas;
import io.tributary.config.TributaryConfig;
import io.tributary.ingest.IngestPipeline;
import io.tributary.model.DocumentInput;
import io.tributary.model.DocumentOutcome;
import io.tributary.model.Origin;
import io.tributary.model.RecordKey;
import io.tributary.model.RecordOutcome;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /v1/sources/{source}/documents}: files in — multipart (several per request) or one
 * raw body with {@code ?id=} — one result per file out, in order, with one result per attachment.
 *
 * <p>Each file counts against the caller's ingest quota by its size in bytes, at most {@code
 * tributary.documents.max-chars} (no file yields more text), and a file over the size limit (never
 * read) counts nothing. Its text is not known before it is parsed, and the request must be charged
 * before anything of it is stored: plain text yields about as many characters as bytes, a PDF with
 * images far fewer, a compressed format (docx, zip) possibly more.
 */
@Authenticated
@Tag(name = OpenApiDocument.INGEST)
@Path("/v1/sources/{source}/documents")
public class DocumentResource {

  private static final String SOURCE = "The source: lower case letters, digits, '_', '.', '-'.";
  private static final String UPLOADED =
      "One result per file, in request order (each file's own outcome).";
  private static final String ACL =
      "Comma-separated principals who may see the document's chunks (and its attachments').";

  /** One file's outcome on the wire; {@code attachments} lists its parts' outcomes. */
  @Schema(name = "DocumentResult", description = "What became of one file and its attachments.")
  public record Result(
      @Schema(
              description =
                  "The document's id: `?id=` or the `id` field, else the file name. An"
                      + " attachment's is `<document>!/<part>`.")
          String id,
      @Schema(
              description =
                  "`indexed`, `unchanged`, `stale`, `deleted`, `rejected` (unparseable, over"
                      + " tributary.documents.max-file-bytes, ...: dead-lettered) or `conflict`, as"
                      + " for records.",
              enumeration = {"indexed", "unchanged", "stale", "deleted", "rejected", "conflict"})
          String status,
      @Schema(description = "Chunks stored for it.") int chunks,
      @Schema(description = "Why it was rejected; null otherwise.") String error,
      @Schema(description = "The outcomes of the files found inside it (mail, archives, ...).")
          List<Result> attachments) {
    static Result of(RecordOutcome o, List<Result> attachments) {
      return new Result(o.id(), o.status().wire(), o.chunks(), o.error(), attachments);
    }

    static Result of(DocumentOutcome o) {
      return of(o.document(), o.attachments().stream().map(a -> of(a, List.of())).toList());
    }
  }

  /** The answer: one result per file, in request order. */
  @Schema(name = "DocumentsResponse", description = "One result per file, in request order.")
  public record Response(List<Result> results) {}

  private final IngestPipeline pipeline;
  private final TributaryConfig config;
  private final Callers callers;
  private final Quotas quotas;

  public DocumentResource(
      IngestPipeline pipeline, TributaryConfig config, Callers callers, Quotas quotas) {
    this.pipeline = pipeline;
    this.config = config;
    this.callers = callers;
    this.quotas = quotas;
  }

  @POST
  @Consumes(MediaType.MULTIPART_FORM_DATA)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "uploadDocuments",
      summary = "Upload documents",
      description =
          "Role: `ingest`, or `ingest:<source>`. Each file is parsed (PDF, Office, mail, HTML,"
              + " ...; docs/formats.md), redacted, chunked, embedded and stored like a record;"
              + " attachments become documents of their own. Re-sending a file with the same"
              + " content answers `unchanged`. A file that cannot be parsed is `rejected` and"
              + " dead-lettered while the others go on.")
  @RequestBody(
      required = true,
      description =
          "Either `multipart/form-data`: one or more file parts under any part name, with"
              + " optional `id` (only for a single file) and `acl` fields; or the raw file as the"
              + " body, in its own content type, with `?id=`.")
  @APIResponse(responseCode = "200", description = UPLOADED)
  @APIResponse(
      responseCode = "400",
      description =
          "An invalid source name; no file part; an `id` with several files; a raw body without"
              + " `?id=`; an invalid document id (1..512 characters, no control characters, no"
              + " `!/`).")
  @APIResponse(
      responseCode = "413",
      description =
          "More files than tributary.documents.max-files-per-request, a raw body over"
              + " tributary.documents.max-file-bytes, or a body over the body limit. (A file over"
              + " the file limit inside a multipart upload is `rejected` instead.)")
  public Response upload(
      @Parameter(description = SOURCE) @PathParam("source") String source,
      @Parameter(
              description =
                  "The document's id; default the file name. Required for a raw body; only for a"
                      + " single file in a multipart upload.")
          @QueryParam("id")
          String queryId,
      @Parameter(description = ACL) @QueryParam("acl") String queryAcl,
      @RestForm("id") String formId,
      @RestForm("acl") String formAcl,
      @RestForm(FileUpload.ALL) List<FileUpload> files) {
    requireSource(source);
    List<FileUpload> uploads =
        files == null ? List.of() : files.stream().filter(f -> f.fileName() != null).toList();
    if (uploads.isEmpty()) {
      throw new ProblemException(400, "No file", "a multipart upload needs at least one file part");
    }
    if (uploads.size() > config.documents().maxFilesPerRequest()) {
      throw new ProblemException(
          413,
          "Too many files",
          uploads.size()
              + " files in one request; the limit is "
              + config.documents().maxFilesPerRequest());
    }
    String id = formId != null && !formId.isBlank() ? formId : queryId;
    if (id != null && !id.isBlank() && uploads.size() > 1) {
      throw new ProblemException(400, "Ambiguous id", "an id can name only a single uploaded file");
    }
    List<String> acl = aclOf(formAcl != null ? formAcl : queryAcl);
    quotas.chargeIngest(uploads.stream().mapToLong(f -> quotaChars(f.size())).sum());
    List<DocumentInput> inputs = new ArrayList<>(uploads.size());
    for (FileUpload f : uploads) {
      // a file name may hold "!", which marks attachment ids: it reads "_" in the default id
      String documentId =
          id != null && !id.isBlank()
              ? id
              : f.fileName().replace(DocumentInput.PART_SEPARATOR, "_");
      inputs.add(
          new DocumentInput(
              key(source, documentId),
              f.fileName(),
              f.contentType(),
              read(f),
              f.size(),
              acl,
              Origin.upload(f.fileName())));
    }
    return respond(source, inputs);
  }

  /** The raw form of {@link #upload}: one operation in the OpenAPI document, described there. */
  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = UPLOADED)
  public Response raw(
      @PathParam("source") String source,
      @HeaderParam("Content-Type") String contentType,
      @QueryParam("id") String id,
      @QueryParam("acl") String acl,
      InputStream body) {
    requireSource(source);
    if (id == null || id.isBlank()) {
      throw new ProblemException(400, "Missing id", "a raw document upload needs ?id=");
    }
    RecordKey key = key(source, id);
    byte[] bytes = readRaw(body);
    quotas.chargeIngest(quotaChars(bytes.length));
    DocumentInput input =
        new DocumentInput(key, id, contentType, bytes, aclOf(acl), Origin.upload(id));
    return respond(source, List.of(input));
  }

  @DELETE
  @Path("/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      operationId = "deleteDocument",
      summary = "Delete a document",
      description =
          "Role: `ingest`, or `ingest:<source>`. Removes the document, its attachments and all"
              + " their chunks. The answer lists the document's outcome, then its attachments'.")
  @APIResponse(responseCode = "200", description = "The document's outcome and its attachments'.")
  @APIResponse(responseCode = "400", description = "An invalid source name or document id.")
  public Response delete(
      @Parameter(description = SOURCE) @PathParam("source") String source,
      @Parameter(description = "The document's id.") @PathParam("id") String id) {
    requireSource(source);
    key(source, id);
    List<RecordOutcome> outcomes =
        pipeline.deleteDocument(source, id, Origin.http(), callers.current().actor());
    return new Response(
        List.of(
            Result.of(
                outcomes.get(0),
                outcomes.subList(1, outcomes.size()).stream()
                    .map(o -> Result.of(o, List.of()))
                    .toList())));
  }

  /** What a file of this size costs of the ingest quota (see the class comment). */
  private long quotaChars(long size) {
    return size > config.documents().maxFileBytes()
        ? 0
        : Math.min(size, config.documents().maxChars());
  }

  private Response respond(String source, List<DocumentInput> inputs) {
    return new Response(
        pipeline.ingestDocuments(source, inputs, callers.current().actor()).stream()
            .map(Result::of)
            .toList());
  }

  /**
   * A raw body, read as it streams in and refused (413) the moment it passes the file size limit.
   */
  private byte[] readRaw(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    long max = config.documents().maxFileBytes();
    // not closed here: closing Quarkus's request stream drains the rest of the body, however large
    InputStream in =
        BodyLimit.bounded(
            body, max, "File too large", "the file is over the limit of " + max + " bytes");
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded body", e);
    }
  }

  /**
   * The file's bytes; none when it is over the size limit (the parser rejects it by its size, and
   * the other files of the request go on). Quarkus has streamed each part to a temporary file, the
   * request bounded by {@code quarkus.http.limits.max-body-size}; none is held in memory.
   */
  private byte[] read(FileUpload f) {
    if (f.size() > config.documents().maxFileBytes()) {
      return new byte[0];
    }
    try {
      return Files.readAllBytes(f.uploadedFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded file " + f.uploadedFile(), e);
    }
  }

  /** A valid source name the caller may write (403 otherwise). */
  private void requireSource(String source) {
    try {
      RecordKey.requireValidSource(source);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid source name", e.getMessage());
    }
    callers.current().requireIngest(source);
  }

  private static RecordKey key(String source, String id) {
    if (id != null && id.contains(DocumentInput.PART_SEPARATOR)) {
      throw new ProblemException(
          400,
          "Invalid document id",
          "'"
              + DocumentInput.PART_SEPARATOR
              + "' is reserved for attachment ids (document!/attachment)");
    }
    try {
      return new RecordKey(source, id);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(400, "Invalid document id", e.getMessage());
    }
  }

  private static List<String> aclOf(String csv) {
    return csv == null || csv.isBlank()
        ? List.of()
        : Arrays.stream(csv.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
  }
}
