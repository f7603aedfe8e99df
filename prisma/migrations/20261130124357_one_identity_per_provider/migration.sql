-- One identity per provider and account. Linking refused a second one already, but two links racing, or a
-- sign-in whose verified email matched an account linked to another identity of the same provider, could add one.
-- Such an account keeps its oldest identity of the provider; the person can link the other again after unlinking.
DELETE FROM "oauth_identities" AS later
USING "oauth_identities" AS earlier
WHERE later."user_id" = earlier."user_id"
  AND later."provider" = earlier."provider"
  AND (later."created_at", later."id") > (earlier."created_at", earlier."id");

-- The unique index also serves lookups by user_id, so the plain one goes.
DROP INDEX "oauth_identities_user_id_idx";

CREATE UNIQUE INDEX "oauth_identities_user_id_provider_key" ON "oauth_identities"("user_id", "provider");
