CREATE TABLE "esign_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"disclosure_version" text NOT NULL,
	"consented_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"demonstrated_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "print_batches" (
	"business_date" date PRIMARY KEY NOT NULL,
	"file_name" text NOT NULL,
	"statement_count" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"period_start" date NOT NULL,
	"closing_date" date NOT NULL,
	"due_date" date NOT NULL,
	"snapshot" jsonb NOT NULL,
	"delivery" text NOT NULL,
	"printed_on" date,
	"pdf" "bytea",
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tax_statements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"tax_year" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"pdf" "bytea",
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "esign_consents" ADD CONSTRAINT "esign_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statements" ADD CONSTRAINT "statements_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tax_statements" ADD CONSTRAINT "tax_statements_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "esign_consents_one_live" ON "esign_consents" USING btree ("user_id") WHERE "esign_consents"."withdrawn_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "statements_once" ON "statements" USING btree ("contract_id","closing_date");--> statement-breakpoint
CREATE INDEX "statements_print_queue" ON "statements" USING btree ("delivery","printed_on");--> statement-breakpoint
CREATE UNIQUE INDEX "tax_statements_once" ON "tax_statements" USING btree ("contract_id","tax_year");