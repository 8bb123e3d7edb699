CREATE TABLE "ach_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"business_date" date NOT NULL,
	"file_id_modifier" text NOT NULL,
	"file_name" text NOT NULL,
	"entry_count" integer NOT NULL,
	"total_debit_cents" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "autopay_enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"payment_method_id" uuid NOT NULL,
	"extra_principal_cents" bigint DEFAULT 0 NOT NULL,
	"days_before_due" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"authorization_version" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL,
	"accepted_ip" text NOT NULL,
	"returns_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "autopay_days_before_due" CHECK ("autopay_enrollments"."days_before_due" between 0 and 10),
	CONSTRAINT "autopay_extra_not_negative" CHECK ("autopay_enrollments"."extra_principal_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_methods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"nickname" text NOT NULL,
	"holder_name" text NOT NULL,
	"last4" text NOT NULL,
	"fingerprint" text NOT NULL,
	"account_type" text,
	"routing_number" text,
	"bank_name" text,
	"account_number_sealed" text,
	"gateway_token" text,
	"card_brand" text,
	"expiry_month" integer,
	"expiry_year" integer,
	"is_default" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"blocked_reason" text,
	"verified_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "payment_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"confirmation_number" text NOT NULL,
	"contract_id" uuid NOT NULL,
	"payment_method_id" uuid NOT NULL,
	"payer_user_id" uuid,
	"source" text NOT NULL,
	"autopay_id" uuid,
	"amount_cents" bigint NOT NULL,
	"intent" text NOT NULL,
	"effective_date" date NOT NULL,
	"status" text NOT NULL,
	"posted_payment_id" uuid,
	"ach_file_id" bigint,
	"trace_number" text,
	"sec_code" text,
	"gateway_reference" text,
	"return_code" text,
	"failure_reason" text,
	"for_due_date" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_orders_confirmation_number_unique" UNIQUE("confirmation_number"),
	CONSTRAINT "payment_orders_trace_number_unique" UNIQUE("trace_number"),
	CONSTRAINT "payment_orders_positive" CHECK ("payment_orders"."amount_cents" > 0)
);
--> statement-breakpoint
ALTER TABLE "autopay_enrollments" ADD CONSTRAINT "autopay_enrollments_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autopay_enrollments" ADD CONSTRAINT "autopay_enrollments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "autopay_enrollments" ADD CONSTRAINT "autopay_enrollments_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_payer_user_id_users_id_fk" FOREIGN KEY ("payer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_autopay_id_autopay_enrollments_id_fk" FOREIGN KEY ("autopay_id") REFERENCES "public"."autopay_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_posted_payment_id_payments_id_fk" FOREIGN KEY ("posted_payment_id") REFERENCES "public"."payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_ach_file_id_ach_files_id_fk" FOREIGN KEY ("ach_file_id") REFERENCES "public"."ach_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ach_files_once" ON "ach_files" USING btree ("business_date","file_id_modifier");--> statement-breakpoint
CREATE UNIQUE INDEX "autopay_one_live" ON "autopay_enrollments" USING btree ("contract_id") WHERE "autopay_enrollments"."status" in ('active', 'paused', 'suspended');--> statement-breakpoint
CREATE INDEX "payment_methods_user" ON "payment_methods" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_once" ON "payment_methods" USING btree ("user_id","fingerprint") WHERE "payment_methods"."status" <> 'removed';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_one_default" ON "payment_methods" USING btree ("user_id") WHERE "payment_methods"."is_default" and "payment_methods"."status" <> 'removed';--> statement-breakpoint
CREATE INDEX "payment_orders_contract" ON "payment_orders" USING btree ("contract_id","effective_date");--> statement-breakpoint
CREATE INDEX "payment_orders_due" ON "payment_orders" USING btree ("status","effective_date");--> statement-breakpoint
CREATE INDEX "payment_orders_payer" ON "payment_orders" USING btree ("payer_user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_autopay_once" ON "payment_orders" USING btree ("autopay_id","for_due_date");