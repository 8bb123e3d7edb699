ALTER TABLE "statements" ALTER COLUMN "due_date" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "autopay_enrollments" ADD COLUMN "authorization_text" text;--> statement-breakpoint
ALTER TABLE "contracts" ADD COLUMN "paid_off_on" date;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "final" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- A contract already paid off was paid on the date of its last posted payment.
UPDATE "contracts" SET "paid_off_on" = (
  SELECT max("received_on") FROM "payments"
  WHERE "payments"."contract_id" = "contracts"."id" AND "payments"."status" = 'posted'
) WHERE "status" = 'paid_off';
