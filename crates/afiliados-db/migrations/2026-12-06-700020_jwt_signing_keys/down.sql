DROP TABLE jwt_signing_keys;
