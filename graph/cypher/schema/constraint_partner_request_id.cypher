CREATE CONSTRAINT partner_request_id IF NOT EXISTS FOR (n:PartnerRequest) REQUIRE n.id IS UNIQUE
