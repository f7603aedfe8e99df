-- CreateTable
CREATE TABLE "storage_sweeps" (
    "key" TEXT NOT NULL,
    "url_expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "storage_sweeps_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "storage_sweeps_url_expires_at_idx" ON "storage_sweeps"("url_expires_at");
