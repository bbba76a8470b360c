import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Links that set a staff member's password once (an invitation or a reset), e-mailed to them, so
 * that nobody else has to choose or know their password. A user invited without a password has
 * none until they follow the link: `users.password_hash` may be null, and signing in then fails
 * like a wrong password.
 */
export class PasswordLinks1795706000000 implements MigrationInterface {
  name = 'PasswordLinks1795706000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "password_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" text NOT NULL,
        "requested_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "password_links_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "password_links_user_idx" ON "password_links" ("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "password_links" ADD CONSTRAINT "password_links_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Accounts still waiting for their first password get one nobody knows: an unusable hash.
    await queryRunner.query(`UPDATE "users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "password_links"`);
  }
}
