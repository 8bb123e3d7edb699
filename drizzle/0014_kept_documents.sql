CREATE TABLE "payoff_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"issued_on" date NOT NULL,
	"good_through" date NOT NULL,
	"payoff_cents" bigint NOT NULL,
	"letter" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "statements" ALTER COLUMN "due_date" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "autopay_enrollments" ADD COLUMN "authorization_text" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "paid_off_on" date;--> statement-breakpoint
ALTER TABLE "payoff_letters" ADD CONSTRAINT "payoff_letters_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payoff_letters_once" ON "payoff_letters" USING btree ("contract_id","issued_on","good_through","payoff_cents");--> statement-breakpoint
CREATE INDEX "users_customer" ON "users" USING btree ("customer_id");--> statement-breakpoint
-- A contract already paid off was paid on the date of its last posted payment.
UPDATE "contracts" SET "paid_off_on" = (
  SELECT max("received_on") FROM "payments"
  WHERE "payments"."contract_id" = "contracts"."id" AND "payments"."status" = 'posted'
) WHERE "status" = 'paid_off';
