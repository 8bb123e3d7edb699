ALTER TABLE "fleet_vehicles" ADD COLUMN "latest_odometer" integer;--> statement-breakpoint
ALTER TABLE "fleet_vehicles" ADD COLUMN "latest_odometer_on" date;--> statement-breakpoint
ALTER TABLE "fleet_vehicles" ADD COLUMN "projected_excess_miles" integer;--> statement-breakpoint
ALTER TABLE "fleet_vehicles" ADD COLUMN "projected_excess_charge_cents" bigint;