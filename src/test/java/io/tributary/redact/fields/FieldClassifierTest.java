package io.tributary.redact.fields;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.model.EntityType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldClassifierTest {

  private final FieldClassifier classifier = FieldClassifier.shipped();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "name, PERSON",
    "first_name, PERSON",
    "FirstName, PERSON",
    "customer.lastName, PERSON",
    "SURNAME, PERSON",
    "nom, PERSON",
    "prénom, PERSON",
    "nombre, PERSON",
    "apellidos, PERSON",
    "nome, PERSON",
    "cognome, PERSON",
    "naam, PERSON",
    "achternaam, PERSON",
    "navn, PERSON",
    "imię, PERSON",
    "nazwisko, PERSON",
    "Vorname, PERSON",
    "förnamn, PERSON",
    "sukunimi, PERSON",
    "name.first, PERSON",
    "TelephoneNumber, PHONE",
    "phone, PHONE",
    "tel, PHONE",
    "téléphone, PHONE",
    "Telefon, PHONE",
    "telefono_movil, PHONE",
    "móvil, PHONE",
    "Festnetztelefon, PHONE",
    "contact.phone.number, PHONE",
    "phones[0], PHONE",
    "NationalID, NATIONAL_ID",
    "national_id, NATIONAL_ID",
    "nir, NATIONAL_ID",
    "bsn, NATIONAL_ID",
    "CPR-nummer, NATIONAL_ID",
    "personnummer, NATIONAL_ID",
    "fødselsnummer, NATIONAL_ID",
    "cpf, NATIONAL_ID",
    "codice_fiscale, NATIONAL_ID",
    "codiceFiscale, NATIONAL_ID",
    "Steuer-ID, NATIONAL_ID",
    "nino, NATIONAL_ID",
    "pesel, NATIONAL_ID",
    "ssn, US_SSN",
    "SocialSecurityNumber, US_SSN",
    "address, LOCATION",
    "street_address, LOCATION",
    "rue, LOCATION",
    "Straße, LOCATION",
    "Rechnungsadresse, LOCATION",
    "calle, LOCATION",
    "via, LOCATION",
    "shipping_address.line1, LOCATION",
    "postcode, LOCATION",
    "birth_date, DATE_OF_BIRTH",
    "dob, DATE_OF_BIRTH",
    "DateOfBirth, DATE_OF_BIRTH",
    "date_de_naissance, DATE_OF_BIRTH",
    "Geburtsdatum, DATE_OF_BIRTH",
    "fecha_de_nacimiento, DATE_OF_BIRTH",
    "e-mail, EMAIL",
    "emailAddress, EMAIL",
    "courriel, EMAIL",
    "iban, IBAN",
    "account_number, BANK_ACCOUNT",
    "Kontonummer, BANK_ACCOUNT",
    "passport_no, PASSPORT",
    "numéro_de_passeport, PASSPORT",
    "driving_licence_number, DRIVING_LICENCE",
    "Führerschein, DRIVING_LICENCE",
    "ip_address, IP_ADDRESS"
  })
  void should_classify_field_by_name(String path, EntityType type) {
    assertThat(classifier.classify(path)).contains(type);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "company_name",
        "product.name",
        "filename",
        "hostname",
        "username",
        "display_name",
        "name_id",
        "created_by",
        "ticket_id",
        "status",
        "description",
        "mac_address",
        "email_template",
        "mobile_app_version",
        "phone_type",
        "subject",
        "amount",
        "order.number",
        "Firmenname",
        "sort_order",
        "timestamp"
      })
  void should_leave_field_whose_name_says_nothing(String path) {
    assertThat(classifier.classify(path)).isEmpty();
  }

  @Test
  void should_tell_fields_that_name_a_product_from_those_that_name_its_people() {
    for (String thing :
        List.of("product", "Product Purchased", "productName", "brand", "device.model", "Marque")) {
      assertThat(classifier.namesThing(thing)).as(thing).isTrue();
    }
    for (String other :
        List.of(
            "product_owner", "productManagerEmail", "customer_name", "subject", "description")) {
      assertThat(classifier.namesThing(other)).as(other).isFalse();
    }
  }
}
