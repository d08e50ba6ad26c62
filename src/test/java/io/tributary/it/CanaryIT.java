package io.tributary.it;

import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Canaries: unique sensitive values of every detected type, sent through every ingest path (HTTP
 * and Kafka and documents, valid and poison records), must never appear in a dump of the database,
 * the service log, the Kafka dead-letter topic or any API response.
 */
@QuarkusTest
class CanaryIT {

  @Inject Db db;

  static String luhnCard(Random r) {
    StringBuilder d = new StringBuilder("4");
    while (d.length() < 15) {
      d.append(r.nextInt(10));
    }
    for (int check = 0; check < 10; check++) {
      String candidate = d.toString() + check;
      int sum = 0;
      for (int i = 0; i < 16; i++) {
        int n = candidate.charAt(15 - i) - '0';
        if (i % 2 == 1) {
          n = n * 2 > 9 ? n * 2 - 9 : n * 2;
        }
        sum += n;
      }
      if (sum % 10 == 0) {
        return candidate;
      }
    }
    throw new IllegalStateException();
  }

  static String gbIban(Random r) {
    StringBuilder account = new StringBuilder();
    for (int i = 0; i < 14; i++) {
      account.append(r.nextInt(10));
    }
    String bban = "WEST" + account;
    String numeric =
        bban.replace("W", "32").replace("E", "14").replace("S", "28").replace("T", "29")
            + "1611"
            + "00";
    int check = 98 - new BigInteger(numeric).mod(BigInteger.valueOf(97)).intValue();
    return "GB" + String.format("%02d", check) + bban;
  }

  /**
   * No planted value in the database dump, the service log, the dead-letter topic or any response.
   */
  static void assertNowhere(
      List<String> planted, String database, String log, String topic, List<String> responses) {
    for (String c : planted) {
      assertThat(database).as("database holds " + c).doesNotContain(c);
      assertThat(log).as("log holds " + c).doesNotContain(c);
      assertThat(topic).as("dead-letter topic holds " + c).doesNotContain(c);
      assertThat(responses).as("an API response holds " + c).noneMatch(body -> body.contains(c));
    }
  }

  @Test
  void should_never_let_a_planted_value_reach_the_database_log_dead_letter_topic_or_api()
      throws Exception {
    Random r = new Random();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<String> canaries =
        List.of(
            "canary." + tag + "@example.com",
            String.format(
                "%03d-%02d-%04d", 100 + r.nextInt(500), 10 + r.nextInt(89), 1000 + r.nextInt(8999)),
            luhnCard(r),
            gbIban(r),
            "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)),
            "+1 415 555 " + (1000 + r.nextInt(8999)));
    String planted = String.join(" and ", canaries);
    String source = KafkaSources.PREFIX + "-canary-" + tag;
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    List<String> responses = new ArrayList<>();
    try (KafkaTestClient kafka = new KafkaTestClient()) {
      // HTTP: a valid record with canaries in a field, the text and metadata, and a poison record.
      responses.add(
          given()
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"records":[{"id":"H-1","fields":{"contact":"%s"},"text":"Reach us: %s.","metadata":{"note":"%s"}},
                              {"id":"H-2","version":"bad","text":"%s"}]}\
                  """
                      .formatted(planted, planted, planted, planted))
              .post("/v1/sources/{s}/records", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      // Documents: an HTML file with canaries in its title, author, body and a table, and a file
      // that cannot be parsed (plain text named .pdf) carrying them too.
      String html =
          "<html><head><title>Plan "
              + planted
              + "</title><meta name=\"author\" content=\""
              + planted
              + "\"></head><body><h1>Contacts</h1><p>Reach "
              + planted
              + " today.</p><table><tr><th>who</th></tr><tr><td>"
              + planted
              + "</td></tr></table></body></html>";
      responses.add(
          given()
              .multiPart(
                  "file", "contacts.html", html.getBytes(StandardCharsets.UTF_8), "text/html")
              .multiPart(
                  "file",
                  "broken.pdf",
                  ("not a pdf: " + planted).getBytes(StandardCharsets.UTF_8),
                  "application/pdf")
              .post("/v1/sources/{s}/documents", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      // Kafka: the same as messages, plus a value that is not JSON at all.
      kafka.send(
          topic,
          "K-1",
          "{\"id\":\"K-1\",\"fields\":{\"contact\":\""
              + planted
              + "\"},\"text\":\""
              + planted
              + "\"}");
      kafka.send(topic, "K-2", "not json: " + planted);
      kafka.send(topic, "K-3", "{\"id\":\"K-3\",\"version\":-5,\"text\":\"" + planted + "\"}");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  db.count("SELECT count(*) FROM records WHERE source = '" + source + "'") == 3
                      && db.count(
                              "SELECT count(*) FROM dead_letters WHERE source = '" + source + "'")
                          == 4);
      for (String c : canaries) {
        responses.add(
            given()
                .contentType(ContentType.JSON)
                .body("{\"query\":\"who is " + c + "?\",\"topK\":10}")
                .post("/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .asString());
      }
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}", source, "H-1")
              .then()
              .statusCode(200)
              .extract()
              .asString());
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}", source, "K-1")
              .then()
              .statusCode(200)
              .extract()
              .asString());
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}", source, "contacts.html")
              .then()
              .statusCode(200)
              .extract()
              .asString());
      responses.add(
          given()
              .get("/v1/dead-letters?source={s}", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      responses.add(given().get("/v1/sources").then().statusCode(200).extract().asString());

      List<ConsumerRecord<String, byte[]>> dlq =
          KafkaTestClient.readAll(topic + ".dlq", 2, Duration.ofSeconds(30));
      assertThat(dlq).hasSize(2);

      String database =
          String.join(
              "\n",
              db.strings(
                  "SELECT t::text FROM records t UNION ALL SELECT t::text FROM chunks t UNION ALL"
                      + " SELECT t::text FROM audit_log t UNION ALL SELECT t::text FROM"
                      + " dead_letters t UNION ALL SELECT t::text FROM sources t UNION ALL SELECT"
                      + " t::text FROM document_files t"));
      String log = Files.readString(Path.of("target/quarkus-test.log"));
      StringBuilder dlqValues = new StringBuilder();
      dlq.forEach(
          m -> dlqValues.append(new String(m.value(), StandardCharsets.UTF_8)).append('\n'));

      assertNowhere(canaries, database, log, dlqValues.toString(), responses);
      // The canaries were really there to find: redacted, not lost.
      assertThat(database)
          .contains("[EMAIL]", "[US_SSN]", "[CREDIT_CARD]", "[IBAN]", "[IP_ADDRESS]", "[PHONE]");
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
  }

  /** Random identifiers of several countries, each valid by its published check. */
  static final class NationalIds {
    private final Random r;

    NationalIds(Random r) {
      this.r = r;
    }

    private String digits(int n) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < n; i++) {
        d.append(r.nextInt(10));
      }
      return d.toString();
    }

    private String letters(int n, String from) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < n; i++) {
        d.append(from.charAt(r.nextInt(from.length())));
      }
      return d.toString();
    }

    /** DDMMYY of a random date in 1950-1999. */
    private String ddmmyy() {
      return String.format(
          "%02d%02d%02d", 1 + r.nextInt(28), 1 + r.nextInt(12), 50 + r.nextInt(50));
    }

    /** A NINO with an allocated prefix (BG, GB, KN, NK, NT, TN and ZZ never are). */
    String nino() {
      String prefix;
      do {
        prefix = letters(2, "ABCEGHJLMPRSTWXY");
      } while (Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ").contains(prefix));
      return prefix + digits(6) + letters(1, "ABCD");
    }

    String hetu() {
      String date = ddmmyy();
      String z = String.format("%03d", 2 + r.nextInt(897));
      long n = Long.parseLong(date + z);
      return date + "-" + z + "0123456789ABCDEFHJKLMNPRSTUVWXY".charAt((int) (n % 31));
    }

    String personnummer() {
      String body = ddmmyy().substring(4) + ddmmyy().substring(2, 4) + ddmmyy().substring(0, 2);
      body = body.substring(0, 2) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28));
      body += digits(3);
      for (int c = 0; c < 10; c++) {
        if (luhn(body + c)) {
          return body.substring(0, 6) + "-" + body.substring(6) + c;
        }
      }
      throw new IllegalStateException();
    }

    String cpf() {
      int[] d = new int[11];
      for (int i = 0; i < 9; i++) {
        d[i] = r.nextInt(10);
      }
      for (int k = 9; k <= 10; k++) {
        int sum = 0;
        for (int i = 0; i < k; i++) {
          sum += d[i] * (k + 1 - i);
        }
        d[k] = sum * 10 % 11 % 10;
      }
      StringBuilder s = new StringBuilder();
      for (int x : d) {
        s.append(x);
      }
      return s.substring(0, 3)
          + "."
          + s.substring(3, 6)
          + "."
          + s.substring(6, 9)
          + "-"
          + s.substring(9);
    }

    String nir() {
      String body =
          (1 + r.nextInt(2))
              + String.format("%02d%02d", r.nextInt(100), 1 + r.nextInt(12))
              + String.format("%02d", 1 + r.nextInt(95))
              + digits(6);
      return body + String.format("%02d", 97 - Long.parseLong(body) % 97);
    }

    String codiceFiscale() {
      int[] odd = {
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23
      };
      String s =
          letters(6, "BCDFGLMNPRSTVZ")
              + digits(2)
              + letters(1, "ABCDEHLMPRST")
              + String.format("%02d", 1 + r.nextInt(28))
              + letters(1, "ABCDEFGHLM")
              + digits(3);
      int sum = 0;
      for (int i = 0; i < 15; i++) {
        char c = s.charAt(i);
        int v = c <= '9' ? c - '0' : c - 'A';
        sum += i % 2 == 0 ? odd[v] : v;
      }
      return s + (char) ('A' + sum % 26);
    }

    /**
     * A Singapore FIN of the M series (issued from 2022): weights 2 7 6 5 4 3 2 plus 3, ICA's
     * letter table KLJNPQRTUWX read at 11 - (sum mod 11).
     */
    String finM() {
      String d = digits(7);
      int[] w = {2, 7, 6, 5, 4, 3, 2};
      int sum = 3;
      for (int i = 0; i < 7; i++) {
        sum += (d.charAt(i) - '0') * w[i];
      }
      return "M" + d + "KLJNPQRTUWX".charAt(10 - sum % 11);
    }

    /** Letters and digits, as vendors' tokens are made. */
    String token(int n) {
      return letters(n, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789");
    }

    /** A Danish CPR without its dash: only a field's name says what it is. */
    String bareCpr() {
      return ddmmyy() + digits(4);
    }

    private static boolean luhn(String s) {
      int sum = 0;
      for (int i = 0; i < s.length(); i++) {
        int n = s.charAt(s.length() - 1 - i) - '0';
        if (i % 2 == 1) {
          n = n * 2 > 9 ? n * 2 - 9 : n * 2;
        }
        sum += n;
      }
      return sum % 10 == 0;
    }
  }

  /**
   * National identifiers of several countries and personal data that only a field's name gives away
   * (a name no dictionary holds, a six-digit local phone number, a street address, an identifier
   * without its dash), over HTTP, Kafka and documents, in valid and poison records: never in the
   * database, the log, the dead-letter topic or any API response.
   */
  @Test
  void should_never_let_planted_national_ids_or_classified_fields_out() throws Exception {
    Random r = new Random();
    NationalIds ids = new NationalIds(r);
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String letters = tag.replaceAll("[^a-f]", "") + "q";
    String name = "Kenji Wq" + letters + "tanabe";
    // a six-digit local number, written in pairs: six bare digits turn up by chance inside the hex
    // hashes of a database dump; pairs above 31 cannot be a date and no hex token holds '-NN-'
    String phone = (40 + r.nextInt(59)) + "-" + (40 + r.nextInt(59)) + "-" + (40 + r.nextInt(59));
    String street = "Kastanienallee " + (10 + r.nextInt(89)) + " Hq" + letters + "hof";
    String cpr = ids.bareCpr();
    List<String> inText =
        List.of(
            ids.nino(),
            ids.hetu(),
            ids.personnummer(),
            ids.cpf(),
            ids.nir(),
            ids.codiceFiscale(),
            ids.finM());
    // in the free text too: the name, a street address, a webhook URL and a vendor token (made
    // here, so that no secret-shaped literal sits in the repository)
    String textStreet = "Kastanienallee " + (10 + r.nextInt(89)) + ", 10115 Hq" + letters + "hof";
    String webhookPath =
        "T"
            + ids.letters(8, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
            + "/B"
            + ids.letters(8, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")
            + "/"
            + ids.token(24);
    String webhook = "https://hooks.slack.com/services/" + webhookPath;
    String vendorToken = "ghp_" + ids.token(36);
    String text =
        "SSN on file "
            + inText.get(0)
            + "; HETU "
            + inText.get(1)
            + ", personnummer "
            + inText.get(2)
            + ", CPF "
            + inText.get(3)
            + ", NIR "
            + inText.get(4)
            + ", codice fiscale "
            + inText.get(5)
            + ", FIN "
            + inText.get(6)
            + ". Spoke with "
            + name
            + ", who lives at "
            + textStreet
            + ". Alerts go to "
            + webhook
            + " with the token "
            + vendorToken
            + ".";
    String fields =
        "{\"name\":\"%s\",\"TelephoneNumber\":\"%s\",\"street_address\":\"%s\",\"NationalID\":\"%s\"}"
            .formatted(name, phone, street, cpr);
    List<String> canaries = new ArrayList<>(inText);
    canaries.addAll(
        List.of(
            name,
            "Wq" + letters,
            phone,
            street,
            "Hq" + letters,
            cpr,
            textStreet,
            webhookPath,
            vendorToken.substring(4)));
    String source = KafkaSources.PREFIX + "-ids-" + tag;
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    List<String> responses = new ArrayList<>();
    try (KafkaTestClient kafka = new KafkaTestClient()) {
      responses.add(
          given()
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"records":[{"id":"H-1","acl":["canary"],"fields":%s,"text":"%s"},
                              {"id":"H-2","version":"bad","fields":%s,"text":"%s"}]}\
                  """
                      .formatted(fields, text, fields, text))
              .post("/v1/sources/{s}/records", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      String html =
          "<html><head><title>Staff</title></head><body><p>"
              + text
              + "</p><table><tr><th>HETU"
              + "</th><th>NIR</th></tr><tr><td>"
              + inText.get(1)
              + "</td><td>"
              + inText.get(4)
              + "</td></tr></table></body></html>";
      responses.add(
          given()
              .multiPart("file", "staff.html", html.getBytes(StandardCharsets.UTF_8), "text/html")
              .post("/v1/sources/{s}/documents", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      kafka.send(
          topic,
          "K-1",
          "{\"id\":\"K-1\",\"acl\":[\"canary\"],\"fields\":"
              + fields
              + ",\"text\":\""
              + text
              + "\"}");
      kafka.send(topic, "K-2", "{\"id\":\"K-2\",\"version\":-5,\"fields\":" + fields + "}");
      kafka.send(topic, "K-3", "not json: " + text);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  db.count("SELECT count(*) FROM records WHERE source = '" + source + "'") == 3
                      && db.count(
                              "SELECT count(*) FROM dead_letters WHERE source = '" + source + "'")
                          == 3);
      // A bare CPR number is redacted only next to a context word (a bare 10-digit number with no
      // context is not: too many numbers start with a date), so the query names it as a user would.
      for (String q : List.of("who is " + inText.get(0), "who is " + name, "whose CPR is " + cpr)) {
        responses.add(
            given()
                .contentType(ContentType.JSON)
                .body("{\"query\":\"" + q + "?\",\"topK\":10}")
                .post("/v1/search")
                .then()
                .statusCode(200)
                .extract()
                .asString());
      }
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}", source, "staff.html")
              .then()
              .statusCode(200)
              .extract()
              .asString());
      // H-1 and K-1 are visible to the group "canary": their record, history, chunks (with their
      // provenance) and the context block built from them (with its citations' provenance)
      for (String id : List.of("H-1", "K-1")) {
        for (String path : List.of("", "/history")) {
          responses.add(
              given()
                  .headers(TestKeys.as("canary"))
                  .get("/v1/sources/{s}/records/{id}" + path, source, id)
                  .then()
                  .statusCode(200)
                  .extract()
                  .asString());
        }
      }
      for (String q : List.of("who is " + name, "where does " + name + " live")) {
        responses.add(
            given()
                .headers(TestKeys.as("canary"))
                .contentType(ContentType.JSON)
                .body("{\"query\":\"" + q + "?\",\"maxTokens\":2000}")
                .post("/v1/context")
                .then()
                .statusCode(200)
                .extract()
                .asString());
      }
      List<String> chunks =
          db.strings(
              "SELECT id::text FROM chunks WHERE source = '"
                  + source
                  + "' AND external_id IN ('H-1', 'K-1')");
      assertThat(chunks).isNotEmpty();
      for (String chunk : chunks) {
        responses.add(
            given()
                .headers(TestKeys.as("canary"))
                .get("/v1/chunks/{id}", chunk)
                .then()
                .statusCode(200)
                .extract()
                .asString());
      }
      responses.add(
          given()
              .get("/v1/audit?source={s}&limit=500", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      responses.add(
          given()
              .get("/v1/dead-letters?source={s}", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      List<ConsumerRecord<String, byte[]>> dlq =
          KafkaTestClient.readAll(topic + ".dlq", 2, Duration.ofSeconds(30));
      assertThat(dlq).hasSizeGreaterThanOrEqualTo(2); // each poison record, by HTTP and Kafka
      String database =
          String.join(
              "\n",
              db.strings(
                  "SELECT t::text FROM records t UNION ALL SELECT t::text FROM chunks t UNION ALL"
                      + " SELECT t::text FROM audit_log t UNION ALL SELECT t::text FROM"
                      + " dead_letters t UNION ALL SELECT t::text FROM document_files t"));
      String log = Files.readString(Path.of("target/quarkus-test.log"));
      StringBuilder dlqValues = new StringBuilder();
      dlq.forEach(
          m -> dlqValues.append(new String(m.value(), StandardCharsets.UTF_8)).append('\n'));
      assertNowhere(canaries, database, log, dlqValues.toString(), responses);
      assertThat(database)
          .contains("[NATIONAL_ID]", "CLASSIFIED_AS_PERSON", "CLASSIFIED_AS_PHONE", "[SECRET]");
      // the name and the address in the text were found, whatever their operator writes
      assertThat(database).containsAnyOf("[PERSON]", "<PERSON_", "[PERSON:");
      assertThat(database).containsAnyOf("[LOCATION]", "<LOCATION_", "[LOCATION:");
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
  }

  /**
   * Values outside field values: record ids, field names, unknown property names, an upload's file
   * name, a Kafka key, an operator's discard reason. Each is redacted like a value wherever it is
   * kept, logged or answered; a record's redaction report is shown only to callers its ACL admits.
   */
  @Test
  void should_redact_planted_values_in_ids_names_and_reasons() throws Exception {
    Random r = new Random();
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String email = "olga." + tag + "@example.com";
    String ssn =
        String.format(
            "%03d-%02d-%04d", 100 + r.nextInt(500), 10 + r.nextInt(89), 1000 + r.nextInt(8999));
    List<String> canaries = List.of(email, ssn);
    String source = KafkaSources.PREFIX + "-names-" + tag;
    String topic = "tributary." + source;
    KafkaTestClient.createTopic(topic, 1);
    List<String> responses = new ArrayList<>();
    try (KafkaTestClient kafka = new KafkaTestClient()) {
      responses.add(
          given()
              .contentType(ContentType.JSON)
              .body(
                  """
                  {"records":[{"id":"%s","fields":{"%s":"x","plan":"gold"},"acl":["sales"]},
                              {"id":"U-1","text":"t","%s":1}]}\
                  """
                      .formatted(email, ssn, email))
              .post("/v1/sources/{s}/records", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      String fileName = "Payroll - " + email + " - SSN " + ssn + ".html";
      responses.add(
          given()
              .multiPart(
                  "file",
                  fileName,
                  "<html><body><p>Salaries.</p></body></html>".getBytes(StandardCharsets.UTF_8),
                  "text/html")
              .post("/v1/sources/{s}/documents", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      kafka.send(
          topic, "kafka " + email, "{\"id\":\"kafka " + email + "\",\"text\":\"From Kafka.\"}");
      kafka.send(topic, ssn, "not json");
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  db.count("SELECT count(*) FROM records WHERE source = '" + source + "'") == 3
                      && db.count(
                              "SELECT count(*) FROM dead_letters WHERE source = '" + source + "'")
                          == 2);

      // Callers look records up by the id they sent; one the ACL does not admit sees no report.
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}", source, email)
              .then()
              .statusCode(200)
              .body("chunksVisible", org.hamcrest.Matchers.equalTo(false))
              .body("redactions", org.hamcrest.Matchers.nullValue())
              .body("redactionsByField", org.hamcrest.Matchers.nullValue())
              .extract()
              .asString());
      responses.add(
          given()
              .headers(TestKeys.as("sales"))
              .get("/v1/sources/{s}/records/{id}", source, email)
              .then()
              .statusCode(200)
              .body("redactionsByField", org.hamcrest.Matchers.notNullValue())
              .extract()
              .asString());
      // A record without an ACL is nobody's to see: the 404 names the key, redacted.
      responses.add(
          given()
              .get("/v1/sources/{s}/records/{id}/history", source, fileName)
              .then()
              .statusCode(404)
              .extract()
              .asString());
      long letter = db.count("SELECT min(id) FROM dead_letters WHERE source = '" + source + "'");
      given()
          .delete("/v1/dead-letters/{id}?reason=asked " + email + " about " + ssn, letter)
          .then()
          .statusCode(204);
      responses.add(
          given()
              .get("/v1/dead-letters?source={s}", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());

      List<ConsumerRecord<String, byte[]>> dlq =
          KafkaTestClient.readAll(topic + ".dlq", 1, Duration.ofSeconds(30));
      String database =
          String.join(
              "\n",
              db.strings(
                  "SELECT t::text FROM records t UNION ALL SELECT t::text FROM chunks t UNION ALL"
                      + " SELECT t::text FROM audit_log t UNION ALL SELECT t::text FROM"
                      + " dead_letters t UNION ALL SELECT t::text FROM document_files t"));
      String log = Files.readString(Path.of("target/quarkus-test.log"));
      StringBuilder dlqText = new StringBuilder();
      dlq.forEach(
          m ->
              dlqText
                  .append(m.key())
                  .append(' ')
                  .append(new String(m.value(), StandardCharsets.UTF_8))
                  .append(' ')
                  .append(KafkaTestClient.header(m, "tributary.dlq.record.id"))
                  .append('\n'));
      assertNowhere(canaries, database, log, dlqText.toString(), responses);
      assertThat(database).contains("[EMAIL:", "[US_SSN:");
    } finally {
      KafkaTestClient.deleteTopics(topic);
    }
  }

  /**
   * A poison record's fields under the source's policy: a field set to drop or hash whose value no
   * detector recognises reaches neither the dead-letter table, the dead-letter topic, the log nor
   * any API response, over HTTP and over Kafka.
   */
  @Test
  void should_apply_the_field_policy_to_dead_letter_payloads() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String dropped = "ZX" + tag + "QW";
    String hashed = "ACCT" + tag + "KV";
    String source = KafkaSources.PREFIX + "-policy-" + tag;
    String topic = "tributary." + source;
    Path policy =
        Path.of(
                org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getValue("tributary.sources.dir", String.class))
            .resolve(source + ".yaml");
    Files.writeString(policy, "fields:\n  internal_code: drop\n  account: hash\n");
    KafkaTestClient.createTopic(topic, 1);
    String poison =
        "{\"id\":\"%s\",\"version\":\"bad\",\"fields\":{\"internal_code\":\""
            + dropped
            + "\",\"account\":\""
            + hashed
            + "\",\"note\":\"kept\"}}";
    List<String> responses = new ArrayList<>();
    try (KafkaTestClient kafka = new KafkaTestClient()) {
      responses.add(
          given()
              .contentType(ContentType.JSON)
              .body("{\"records\":[" + poison.formatted("H-1") + "]}")
              .post("/v1/sources/{s}/records", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      kafka.send(topic, "K-1", poison.formatted("K-1"));
      kafka.send(topic, "K-2", "not json, internal_code=" + dropped);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () ->
                  db.count("SELECT count(*) FROM dead_letters WHERE source = '" + source + "'")
                      == 3);
      responses.add(
          given()
              .get("/v1/dead-letters?source={s}", source)
              .then()
              .statusCode(200)
              .extract()
              .asString());
      List<ConsumerRecord<String, byte[]>> dlq =
          KafkaTestClient.readAll(topic + ".dlq", 2, Duration.ofSeconds(30));
      assertThat(dlq).hasSize(2);
      String topicText =
          String.join(
              "\n", dlq.stream().map(m -> new String(m.value(), StandardCharsets.UTF_8)).toList());
      String database =
          String.join(
              "\n",
              db.strings(
                  "SELECT t::text FROM dead_letters t WHERE source = '"
                      + source
                      + "' UNION ALL SELECT t::text FROM audit_log t WHERE source = '"
                      + source
                      + "'"));
      String log = Files.readString(Path.of("target/quarkus-test.log"));
      assertNowhere(List.of(dropped, hashed), database, log, topicText, responses);
      // The policy was applied, not the payload lost: the hashed field is there as a pseudonym, the
      // rest kept.
      assertThat(topicText)
          .contains("\"account\":\"hmac:")
          .contains("\"note\":\"kept\"")
          .doesNotContain("internal_code\":");
    } finally {
      KafkaTestClient.deleteTopics(topic, topic + ".dlq");
      Files.deleteIfExists(policy);
    }
  }
}
