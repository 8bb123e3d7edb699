CREATE TABLE "bulk_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"confirmation_number" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"payment_method_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"effective_date" date NOT NULL,
	"total_cents" bigint NOT NULL,
	"line_count" integer NOT NULL,
	"status" text NOT NULL,
	"ach_file_id" bigint,
	"trace_number" text,
	"return_code" text,
	"failure_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "bulk_payments_confirmation_number_unique" UNIQUE("confirmation_number"),
	CONSTRAINT "bulk_payments_positive" CHECK ("bulk_payments"."total_cents" > 0 and "bulk_payments"."line_count" > 0)
);
--> statement-breakpoint
ALTER TABLE "payment_methods" ADD COLUMN "organization_id" uuid;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD COLUMN "bulk_payment_id" uuid;--> statement-breakpoint
ALTER TABLE "bulk_payments" ADD CONSTRAINT "bulk_payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_payments" ADD CONSTRAINT "bulk_payments_payment_method_id_payment_methods_id_fk" FOREIGN KEY ("payment_method_id") REFERENCES "public"."payment_methods"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_payments" ADD CONSTRAINT "bulk_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bulk_payments" ADD CONSTRAINT "bulk_payments_ach_file_id_ach_files_id_fk" FOREIGN KEY ("ach_file_id") REFERENCES "public"."ach_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_payments_key" ON "bulk_payments" USING btree ("organization_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "bulk_payments_organization" ON "bulk_payments" USING btree ("organization_id","created_at");--> statement-breakpoint
CREATE INDEX "bulk_payments_due" ON "bulk_payments" USING btree ("status","effective_date");--> statement-breakpoint
CREATE INDEX "bulk_payments_trace" ON "bulk_payments" USING btree ("trace_number");--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_orders" ADD CONSTRAINT "payment_orders_bulk_payment_id_bulk_payments_id_fk" FOREIGN KEY ("bulk_payment_id") REFERENCES "public"."bulk_payments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payment_methods_organization_once" ON "payment_methods" USING btree ("organization_id","fingerprint") WHERE "payment_methods"."organization_id" is not null and "payment_methods"."status" <> 'removed';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_bulk_line" ON "payment_orders" USING btree ("bulk_payment_id","contract_id") WHERE "payment_orders"."bulk_payment_id" is not null;--> statement-breakpoint
ALTER TABLE "payment_methods" ADD CONSTRAINT "payment_methods_one_owner" CHECK ("payment_methods"."user_id" is null or "payment_methods"."organization_id" is null);