CREATE SEQUENCE "public"."ach_trace_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9999999 START WITH 1 CACHE 1 CYCLE;--> statement-breakpoint
ALTER TABLE "payment_orders" DROP CONSTRAINT "payment_orders_trace_number_unique";--> statement-breakpoint
ALTER TABLE "ach_files" ADD COLUMN "content" text NOT NULL;--> statement-breakpoint
CREATE INDEX "payment_orders_trace" ON "payment_orders" USING btree ("trace_number");