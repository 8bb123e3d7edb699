-- A withdrawn invitation (revoked before anyone accepted it) has no grantee: the first check refused it.
ALTER TABLE "contract_grants" DROP CONSTRAINT "contract_grants_accepted";--> statement-breakpoint
ALTER TABLE "contract_grants" ADD CONSTRAINT "contract_grants_accepted" CHECK (("contract_grants"."status" = 'invited' and "contract_grants"."grantee_id" is null) or ("contract_grants"."status" in ('active', 'left') and "contract_grants"."grantee_id" is not null) or "contract_grants"."status" = 'revoked');
