CREATE TABLE "ledger_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"checked_by" text NOT NULL,
	"entry_count" integer NOT NULL,
	"unbalanced_entry_count" integer NOT NULL,
	"balance_mismatch_count" integer NOT NULL,
	"findings" jsonb NOT NULL,
	"duration_ms" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ledger_checks_checked_at" ON "ledger_checks" USING btree ("checked_at");