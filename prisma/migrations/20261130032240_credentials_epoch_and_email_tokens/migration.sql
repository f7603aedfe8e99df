-- Credentials epoch (users.credentials_changed_at) stamped on sessions and refresh tokens, email confirmation.
-- Existing sessions and refresh tokens are stamped with their user's epoch, so they stay valid.

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "credentials_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "email_verified_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "credentials_epoch" TIMESTAMPTZ(3);
UPDATE "refresh_tokens" SET "credentials_epoch" = "users"."credentials_changed_at"
  FROM "users" WHERE "users"."id" = "refresh_tokens"."user_id";
ALTER TABLE "refresh_tokens" ALTER COLUMN "credentials_epoch" SET NOT NULL;

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "credentials_epoch" TIMESTAMPTZ(3);
UPDATE "sessions" SET "credentials_epoch" = "users"."credentials_changed_at"
  FROM "users" WHERE "users"."id" = "sessions"."user_id";
ALTER TABLE "sessions" ALTER COLUMN "credentials_epoch" SET NOT NULL;

-- CreateTable
CREATE TABLE "email_tokens" (
    "id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_tokens_token_hash_key" ON "email_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "email_tokens_user_id_purpose_idx" ON "email_tokens"("user_id", "purpose");

-- AddForeignKey
ALTER TABLE "email_tokens" ADD CONSTRAINT "email_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
