-- Moderation: hidden posts and comments, the audit log (moderation_actions), users' reports.

-- CreateEnum
CREATE TYPE "ModerationTargetType" AS ENUM ('post', 'comment');

-- CreateEnum
CREATE TYPE "ModerationActionKind" AS ENUM ('hide', 'unhide', 'dismiss_reports');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "ReportResolution" AS ENUM ('hide', 'dismiss');

-- AlterTable
-- The comments feature's own migration adds the same two columns: IF NOT EXISTS lets either apply first.
ALTER TABLE "comments" ADD COLUMN IF NOT EXISTS "hidden_at" TIMESTAMPTZ(3),
ADD COLUMN IF NOT EXISTS "hidden_reason" TEXT;

-- AlterTable
ALTER TABLE "posts" ADD COLUMN     "hidden_at" TIMESTAMPTZ(3),
ADD COLUMN     "hidden_reason" TEXT;

-- CreateTable
CREATE TABLE "moderation_actions" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER,
    "action" "ModerationActionKind" NOT NULL,
    "target_type" "ModerationTargetType" NOT NULL,
    "target_id" INTEGER NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "moderation_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reports" (
    "id" SERIAL NOT NULL,
    "reporter_id" INTEGER NOT NULL,
    "target_type" "ModerationTargetType" NOT NULL,
    "target_id" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'open',
    "resolution" "ReportResolution",
    "resolved_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "reports_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "moderation_actions_target_type_target_id_idx" ON "moderation_actions"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "reports_status_id_idx" ON "reports"("status", "id" DESC);

-- CreateIndex
CREATE INDEX "reports_target_type_target_id_status_idx" ON "reports"("target_type", "target_id", "status");

-- AddForeignKey
ALTER TABLE "moderation_actions" ADD CONSTRAINT "moderation_actions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_reporter_id_fkey" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reports" ADD CONSTRAINT "reports_resolved_by_fkey" FOREIGN KEY ("resolved_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One OPEN report per reporter and target (resolved ones may pile up). Prisma cannot declare a partial index, so it
-- lives here only; ModerationRepository.createReport turns its violation into 409 already_reported.
CREATE UNIQUE INDEX "reports_one_open_per_reporter_and_target" ON "reports"("reporter_id", "target_type", "target_id")
  WHERE "status" = 'open';
