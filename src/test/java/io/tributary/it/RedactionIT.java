package io.tributary.it;

import static io.tributary.it.IngestAndSearchIT.newSource;
import static io.tributary.it.IngestAndSearchIT.post;
import static io.tributary.it.TestKeys.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PII sent in records and queries never reaches the chunks, records, audit or dead-letter tables.
 */
@QuarkusTest
class RedactionIT {

  @Inject Db db;

  static final List<String> SECRETS =
      List.of(
          "jane.doe@example.com",
          "123-45-6789",
          "4111 1111 1111 1111",
          "4111111111111111",
          "GB82 WEST 1234 5698 7654 32",
          "GB82WEST12345698765432",
          "192.168.17.42",
          "+1 415 555 2671",
          "(555) 123-4567",
          "1990-04-12");

  @Test
  void should_never_store_pii_in_chunks_records_audit_or_dead_letters() {
    // The shipped crm policy: ssn and date_of_birth dropped, email hashed, phone and card masked.
    String source = "crm";
    String id = "PII-" + newSource();
    post(
            source,
            """
            {"records":[
              {"id":"%s","version":1,
               "fields":{"name":"Jane Doe","email":"jane.doe@example.com","ssn":"123-45-6789",
                         "card_number":"4111 1111 1111 1111","date_of_birth":"1990-04-12",
                         "notes":"Call +1 415 555 2671 or (555) 123-4567."},
               "text":"Jane paid with 4111111111111111 from IBAN GB82 WEST 1234 5698 7654 32, \
            logged in from 192.168.17.42.",
               "metadata":{"owner":"jane.doe@example.com"},"acl":["ops"]},
              {"id":"%s-poison","version":"bad","text":"Poison carrying GB82WEST12345698765432 and 123-45-6789."}
            ]}\
            """
                .formatted(id, id))
        .then()
        .statusCode(200)
        .body("results[0].status", equalTo("indexed"))
        .body("results[1].status", equalTo("rejected"));
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"query\":\""
                + id
                + ": who owns jane.doe@example.com with SSN 123-45-6789?\",\"topK\":3}")
        .post("/v1/search")
        .then()
        .statusCode(200);

    // Scoped to this test's rows, so that other tests' data cannot make it pass or fail.
    String mine = "source = 'crm' AND external_id LIKE '" + id + "%'";
    String myAudit = "(record_id LIKE '" + id + "%' OR detail->>'query' LIKE '%" + id + "%')";
    long leaks = 0;
    for (String secret : SECRETS) {
      String s = secret.replace("'", "''");
      leaks +=
          db.count(
              "SELECT count(*) FROM chunks WHERE "
                  + mine
                  + " AND (text LIKE '%"
                  + s
                  + "%' OR metadata::text LIKE '%"
                  + s
                  + "%' OR provenance::text LIKE '%"
                  + s
                  + "%')");
      leaks +=
          db.count(
              "SELECT count(*) FROM records WHERE "
                  + mine
                  + " AND redactions::text LIKE '%"
                  + s
                  + "%'");
      leaks +=
          db.count(
              "SELECT count(*) FROM audit_log WHERE "
                  + myAudit
                  + " AND detail::text LIKE '%"
                  + s
                  + "%'");
      leaks +=
          db.count(
              "SELECT count(*) FROM dead_letters WHERE source = 'crm' AND record_id LIKE '"
                  + id
                  + "%' AND coalesce(preview,'') || reason LIKE '%"
                  + s
                  + "%'");
    }
    assertThat(db.count("SELECT count(*) FROM chunks WHERE " + mine)).isPositive();
    assertThat(
            db.count(
                "SELECT count(*) FROM dead_letters WHERE source = 'crm' AND record_id LIKE '"
                    + id
                    + "%'"))
        .isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'search' AND " + myAudit))
        .isEqualTo(1);
    assertThat(leaks).as("raw sensitive values found in the database").isZero();

    String text =
        String.join(
            "\n",
            db.strings(
                "SELECT text FROM chunks WHERE source = 'crm' AND external_id = '"
                    + id
                    + "' ORDER BY ordinal"));
    assertThat(text)
        .contains("[CREDIT_CARD]", "[IBAN]", "[IP_ADDRESS]", "[PHONE]", "[REDACTED]", "hmac:");
    // The redaction report (field names included) is shown to callers the record's ACL admits.
    given()
        .headers(TestKeys.as("ops"))
        .get("/v1/sources/{s}/records/{id}", source, id)
        .then()
        .statusCode(200)
        .body("redactions.EMAIL", equalTo(1))
        .body("redactions.CREDIT_CARD", equalTo(1))
        .body("redactions.IBAN", equalTo(1))
        .body("redactions.PHONE", equalTo(2))
        .body("redactions.HASHED_FIELD", equalTo(1))
        .body("redactions.MASKED_FIELD", equalTo(1))
        .body("redactions.DROPPED_FIELD", equalTo(2))
        .body("redactionsByField.ssn.DROPPED_FIELD", equalTo(1))
        .body("redactionsByField.email.HASHED_FIELD", equalTo(1))
        .body("redactionsByField.notes.PHONE", equalTo(2))
        .body("redactionsByField.text.CREDIT_CARD", equalTo(1))
        .body("redactionsByField.'metadata.owner'.EMAIL", equalTo(1));
    assertThat(
            db.count(
                "SELECT count(*) FROM audit_log WHERE source = 'crm' AND record_id = '"
                    + id
                    + "' AND action = 'ingest.indexed' AND"
                    + " (detail->'redactionsByField'->'text'->>'CREDIT_CARD')::int = 1"))
        .isEqualTo(1);
  }
}
