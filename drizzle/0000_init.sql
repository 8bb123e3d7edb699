CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"role" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"request_id" text,
	"ip" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contract_parties" (
	"contract_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "contract_parties_contract_id_customer_id_pk" PRIMARY KEY("contract_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"governing_state" text NOT NULL,
	"contract_date" date NOT NULL,
	"first_payment_date" date NOT NULL,
	"maturity_date" date NOT NULL,
	"due_day" integer NOT NULL,
	"term_months" integer NOT NULL,
	"payment_cents" bigint NOT NULL,
	"total_of_payments_cents" bigint NOT NULL,
	"cash_price_cents" bigint,
	"down_payment_cents" bigint,
	"amount_financed_cents" bigint,
	"finance_charge_cents" bigint,
	"apr_percent" numeric(7, 4),
	"final_payment_cents" bigint,
	"gross_cap_cost_cents" bigint,
	"cap_cost_reduction_cents" bigint,
	"adjusted_cap_cost_cents" bigint,
	"residual_value_cents" bigint,
	"depreciation_cents" bigint,
	"rent_charge_cents" bigint,
	"money_factor" numeric(9, 7),
	"base_payment_cents" bigint,
	"monthly_tax_cents" bigint,
	"amount_due_at_signing_cents" bigint,
	"mileage_allowance_per_year" integer,
	"excess_mileage_rate_cents" bigint,
	"disposition_fee_cents" bigint,
	"purchase_option_price_cents" bigint,
	"boarding_hash" text NOT NULL,
	"boarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_due_day" CHECK ("contracts"."due_day" between 1 and 31),
	CONSTRAINT "contracts_term" CHECK ("contracts"."term_months" between 1 and 96),
	CONSTRAINT "contracts_terms_by_kind" CHECK (("contracts"."kind" = 'retail_installment' and "contracts"."amount_financed_cents" > 0 and "contracts"."apr_percent" is not null
            and "contracts"."finance_charge_cents" is not null and "contracts"."final_payment_cents" is not null)
        or ("contracts"."kind" = 'lease' and "contracts"."adjusted_cap_cost_cents" > 0 and "contracts"."residual_value_cents" > 0
            and "contracts"."money_factor" is not null and "contracts"."mileage_allowance_per_year" is not null))
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"first_name" text,
	"last_name" text,
	"business_name" text,
	"date_of_birth" date,
	"tax_id_last4" text NOT NULL,
	"email" text,
	"phone" text,
	"address_line1" text NOT NULL,
	"address_line2" text,
	"city" text NOT NULL,
	"state" text NOT NULL,
	"zip" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_name_by_kind" CHECK (("customers"."kind" = 'person' and "customers"."first_name" is not null and "customers"."last_name" is not null and "customers"."date_of_birth" is not null)
        or ("customers"."kind" = 'business' and "customers"."business_name" is not null))
);
--> statement-breakpoint
CREATE TABLE "journal_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"contract_id" uuid NOT NULL,
	"code" text NOT NULL,
	"effective_date" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"memo" text,
	"reverses_entry_id" bigint
);
--> statement-breakpoint
CREATE TABLE "ledger_balances" (
	"contract_id" uuid NOT NULL,
	"account" text NOT NULL,
	"balance_cents" bigint NOT NULL,
	CONSTRAINT "ledger_balances_contract_id_account_pk" PRIMARY KEY("contract_id","account")
);
--> statement-breakpoint
CREATE TABLE "postings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entry_id" bigint NOT NULL,
	"contract_id" uuid NOT NULL,
	"account" text NOT NULL,
	"amount_cents" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"login_id" text NOT NULL,
	"email" text NOT NULL,
	"display_name" text NOT NULL,
	"kind" text NOT NULL,
	"staff_role" text,
	"customer_id" uuid,
	"password_hash" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_staff_role" CHECK (("users"."kind" = 'staff') = ("users"."staff_role" is not null))
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"vin" text NOT NULL,
	"year" integer NOT NULL,
	"make" text NOT NULL,
	"model" text NOT NULL,
	"trim" text,
	"condition" text NOT NULL,
	"odometer_at_contract" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contract_parties" ADD CONSTRAINT "contract_parties_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contract_parties" ADD CONSTRAINT "contract_parties_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD CONSTRAINT "journal_entries_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_balances" ADD CONSTRAINT "ledger_balances_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_entry_id_journal_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."journal_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postings" ADD CONSTRAINT "postings_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "audit_events_resource" ON "audit_events" USING btree ("resource_type","resource_id");--> statement-breakpoint
CREATE INDEX "audit_events_time" ON "audit_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "contract_parties_customer" ON "contract_parties" USING btree ("customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "contracts_contract_number_key" ON "contracts" USING btree ("contract_number");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_id_key" ON "customers" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "journal_entries_contract" ON "journal_entries" USING btree ("contract_id","effective_date");--> statement-breakpoint
CREATE UNIQUE INDEX "journal_entries_reversal_once" ON "journal_entries" USING btree ("reverses_entry_id");--> statement-breakpoint
CREATE INDEX "postings_entry" ON "postings" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "postings_contract_account" ON "postings" USING btree ("contract_id","account");--> statement-breakpoint
CREATE UNIQUE INDEX "users_login_id_key" ON "users" USING btree (lower("login_id"));--> statement-breakpoint
CREATE INDEX "vehicles_contract" ON "vehicles" USING btree ("contract_id");--> statement-breakpoint
CREATE INDEX "vehicles_vin" ON "vehicles" USING btree ("vin");