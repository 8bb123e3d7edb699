CREATE TABLE "fee_assessments" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cause" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"assessed_on" date NOT NULL,
	"entry_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"received_on" date NOT NULL,
	"channel" text NOT NULL,
	"reference" text,
	"intent" text NOT NULL,
	"status" text DEFAULT 'posted' NOT NULL,
	"interest_cents" bigint NOT NULL,
	"principal_cents" bigint NOT NULL,
	"fees_cents" bigint NOT NULL,
	"unapplied_cents" bigint NOT NULL,
	"lease_receivable_cents" bigint DEFAULT 0 NOT NULL,
	"sales_tax_cents" bigint DEFAULT 0 NOT NULL,
	"entry_id" bigint NOT NULL,
	"reversal_entry_id" bigint,
	"reversal_reason" text,
	"reversed_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "system_state" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"business_date" date,
	"last_cycle_date" date,
	CONSTRAINT "system_state_one_row" CHECK ("system_state"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "day_count" text DEFAULT 'actual/365' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "allocation_order" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "interest_posted_through" date;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "computed_apr_percent" numeric(7, 4);--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "apr_within_tolerance" boolean;--> statement-breakpoint
ALTER TABLE "fee_assessments" ADD CONSTRAINT "fee_assessments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_assessments" ADD CONSTRAINT "fee_assessments_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_reversal_entry_id_journal_entries_id_fk" FOREIGN KEY ("reversal_entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fee_assessments_once" ON "fee_assessments" USING btree ("contract_id","kind","cause");--> statement-breakpoint
CREATE INDEX "payments_contract" ON "payments" USING btree ("contract_id","received_on");--> statement-breakpoint
UPDATE "contracts" SET "interest_posted_through" = "contract_date" WHERE "kind" = 'retail_installment';
