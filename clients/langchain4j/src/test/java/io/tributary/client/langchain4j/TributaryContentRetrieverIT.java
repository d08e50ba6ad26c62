package io.tributary.client.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.rag.AugmentationRequest;
import dev.langchain4j.rag.AugmentationResult;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.RetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.ContentMetadata;
import dev.langchain4j.rag.query.Metadata;
import dev.langchain4j.rag.query.Query;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The retriever in a LangChain4j RAG pipeline against the real, packaged service (started by {@link
 * Service} on the test database), with real API keys.
 */
class TributaryContentRetrieverIT {

  private static Service service;
  private static String source;

  @BeforeAll
  static void startAndIngest() throws Exception {
    service = Service.start();
    source = "lc4j-" + UUID.randomUUID().toString().substring(0, 8);
    String ingest = service.key("ingest");
    String body =
        "{\"records\":[{\"id\":\"R-1\",\"version\":7,\"text\":\"Damaged parcels are refunded"
            + " within 14 days; write to claims@example.com with the order number.\","
            + "\"acl\":[\"support\"]},{\"id\":\"R-2\",\"version\":2,\"text\":\"Board minutes:"
            + " damaged parcel refunds cost 2% of revenue.\",\"acl\":[\"board\"]}]}";
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/v1/sources/" + source + "/records"))
                    .header("Authorization", "Bearer " + ingest)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void should_augment_a_user_message_with_contents_that_carry_provenance() {
    TributaryContentRetriever retriever =
        TributaryContentRetriever.builder()
            .baseUrl(service.baseUrl())
            .apiKey(service.key("search", "delegate"))
            .onBehalfOf("agent-7", "support")
            .filter("source", source)
            .topK(3)
            .build();
    RetrievalAugmentor augmentor =
        DefaultRetrievalAugmentor.builder().contentRetriever(retriever).build();

    UserMessage question = UserMessage.from("How fast are damaged parcels refunded?");
    AugmentationResult result =
        augmentor.augment(
            new AugmentationRequest(question, Metadata.from(question, "chat-1", List.of())));

    assertThat(result.contents()).hasSize(1);
    Content content = result.contents().get(0);
    var metadata = content.textSegment().metadata();
    assertThat(metadata.getString(TributaryContentRetriever.SOURCE)).isEqualTo(source);
    assertThat(metadata.getString(TributaryContentRetriever.RECORD_ID)).isEqualTo("R-1");
    assertThat(metadata.getLong(TributaryContentRetriever.RECORD_VERSION)).isEqualTo(7L);
    String chunkId = metadata.getString(TributaryContentRetriever.CHUNK_ID);
    assertThat(UUID.fromString(chunkId)).isNotNull();
    assertThat(metadata.getString(TributaryContentRetriever.URL))
        .isEqualTo(service.baseUrl() + "/v1/chunks/" + chunkId);
    assertThat(metadata.getDouble(TributaryContentRetriever.SCORE)).isPositive();
    assertThat(metadata.getString(TributaryContentRetriever.CONTENT_HASH)).hasSize(64);
    assertThat(content.metadata()).containsKey(ContentMetadata.SCORE);
    // Redacted at ingest: the e-mail address never reaches the application.
    assertThat(content.textSegment().text()).contains("14 days").doesNotContain("claims@example");
    // The augmented message carries the retrieved text to the model.
    ChatMessage augmented = result.chatMessage();
    assertThat(((UserMessage) augmented).singleText())
        .contains("How fast are damaged parcels refunded?")
        .contains("14 days");
  }

  @Test
  void should_pass_each_users_credential_through_and_see_only_what_it_may() {
    // One retriever, the credential chosen per query: here by the chat memory id, as an
    // application would map its signed-in user to that user's token or key.
    String board = service.keyWithGroups(new String[] {"board"}, "search");
    String other = service.key("search");
    TributaryContentRetriever retriever =
        TributaryContentRetriever.builder()
            .baseUrl(service.baseUrl())
            .credential(q -> "board".equals(q.metadata().chatMemoryId()) ? board : other)
            .filter("source", source)
            .build();
    UserMessage m = UserMessage.from("damaged parcel refunds");
    List<Content> asBoard =
        retriever.retrieve(Query.from(m.singleText(), Metadata.from(m, "board", List.of())));
    List<Content> asOther =
        retriever.retrieve(Query.from(m.singleText(), Metadata.from(m, "x", List.of())));
    assertThat(asBoard)
        .extracting(c -> c.textSegment().metadata().getString(TributaryContentRetriever.RECORD_ID))
        .containsExactly("R-2");
    assertThat(asOther).isEmpty();
  }

  @Test
  void should_throw_the_problem_when_the_service_refuses() {
    TributaryContentRetriever noSearch =
        TributaryContentRetriever.builder()
            .baseUrl(service.baseUrl())
            .apiKey(service.key("ingest"))
            .build();
    assertThatThrownBy(() -> noSearch.retrieve(Query.from("refund")))
        .isInstanceOf(TributaryException.class)
        .satisfies(e -> assertThat(((TributaryException) e).status()).isEqualTo(403));
    TributaryContentRetriever badKey =
        TributaryContentRetriever.builder()
            .baseUrl(service.baseUrl())
            .apiKey("trb_0000000000000000_" + "A".repeat(43))
            .build();
    assertThatThrownBy(() -> badKey.retrieve(Query.from("refund")))
        .isInstanceOf(TributaryException.class)
        .satisfies(e -> assertThat(((TributaryException) e).status()).isEqualTo(401));
  }
}
