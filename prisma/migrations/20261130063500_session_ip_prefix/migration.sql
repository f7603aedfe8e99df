-- Sessions keep only the network they signed in from (IPv4 /24, IPv6 /48), shown in the sessions list; the full
-- client address is no longer stored. Existing IPv4 sessions keep their /24; other existing sessions show none.

-- AlterTable
ALTER TABLE "sessions" ADD COLUMN     "ip_prefix" TEXT;
UPDATE "sessions" SET "ip_prefix" = regexp_replace("ip_address", '\.[0-9]{1,3}$', '.0') || '/24'
  WHERE "ip_address" ~ '^[0-9]{1,3}(\.[0-9]{1,3}){3}$';
ALTER TABLE "sessions" DROP COLUMN "ip_address";
