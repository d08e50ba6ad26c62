-- The demo CRM (a system of its own: the cluster scripts/services.sh creates on CRM_PG_PORT, default 5433).
-- Run once, as the cluster's superuser, in the database crm, when the cluster is created. Debezium captures
-- both tables through the publication below (plugin pgoutput); docs/cdc.md.
-- The notes and contact details hold PII on purpose: Tributary must never store them unredacted.

CREATE TABLE customers (
  id          bigint PRIMARY KEY,
  name        text NOT NULL,
  email       text,
  ssn         text,
  segment     text,
  country     text,
  owner_group text NOT NULL DEFAULT 'sales',
  notes       text,
  balance     numeric(12, 2),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tickets (
  id          bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  subject     text NOT NULL,
  body        text,
  status      text NOT NULL DEFAULT 'open',
  priority    text NOT NULL DEFAULT 'normal',
  owner_group text NOT NULL DEFAULT 'support',
  opened_at   timestamptz NOT NULL DEFAULT now()
);

INSERT INTO customers (id, name, email, ssn, segment, country, owner_group, notes, balance) VALUES
  (1, 'Acme Logistics', 'jane.roe@acme-logistics.example', '123-45-6789', 'enterprise', 'US', 'sales',
   'Renewal due in March. Contact Jane Roe, phone +1 415 555 0134, prefers email. Asked about volume discounts.',
   18250.00),
  (2, 'Borealis Foods', 'p.kowalski@borealis.example', '987-65-4321', 'mid-market', 'PL', 'sales',
   'Piotr Kowalski escalated late deliveries twice; card on file 4111 1111 1111 1111 was declined in May.',
   4310.50),
  (3, 'Cygnus Health', 'it-admin@cygnus-health.example', '555-12-3456', 'enterprise', 'DE', 'sales-emea',
   'Data processing agreement signed. Security review asked for SSO via SAML and an audit export.',
   120000.00);

INSERT INTO tickets (id, customer_id, subject, body, status, priority, owner_group) VALUES
  (101, 1, 'Invoice shows wrong VAT', 'Customer says invoice 2026-114 applies 20% VAT instead of 0%. Call back on +1 415 555 0134.',
   'open', 'high', 'support'),
  (102, 2, 'Late delivery compensation', 'Requested a credit note for the May shipments. Reply to p.kowalski@borealis.example.',
   'pending', 'normal', 'support'),
  (103, 3, 'SAML metadata rejected', 'The IdP metadata upload fails with a certificate error.', 'open', 'urgent', 'support-emea');

-- Deletes carry the whole old row (REPLICA IDENTITY FULL), so a delete event names the row's owner group too.
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE tickets REPLICA IDENTITY FULL;

-- Debezium's role: replication and reading the captured tables (the snapshot), nothing else.
GRANT USAGE ON SCHEMA public TO debezium;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO debezium;
ALTER DEFAULT PRIVILEGES FOR ROLE crm IN SCHEMA public GRANT SELECT ON TABLES TO debezium;
-- The application role (the demo and the tests write as crm) owns the tables.
ALTER TABLE customers OWNER TO crm;
ALTER TABLE tickets OWNER TO crm;

-- The publication the connector reads (publication.autocreate.mode=disabled: it needs no superuser).
CREATE PUBLICATION tributary_crm FOR ALL TABLES;
