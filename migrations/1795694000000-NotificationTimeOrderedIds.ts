import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notification ids ordered by time (UUID version 7, RFC 9562): a hand-off writes one notification per
 * member of the target's team, and with random ids each of those rows went to a random leaf of the
 * primary key's index, which at millions of rows no longer stays in memory. Time-ordered ids append at
 * the index's right edge. Postgres 15 has no built-in generator (18 has uuidv7()).
 */
export class NotificationTimeOrderedIds1795694000000 implements MigrationInterface {
  name = 'NotificationTimeOrderedIds1795694000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION uuid_v7() RETURNS uuid LANGUAGE plpgsql VOLATILE AS $function$
      DECLARE
        bytes bytea := uuid_send(gen_random_uuid());
        unix_ms bigint := floor(extract(epoch FROM clock_timestamp()) * 1000);
      BEGIN
        -- Bytes 0-5: the Unix time in milliseconds, big-endian. Byte 6: version 7 in its high nibble.
        -- The rest stays random, with gen_random_uuid()'s variant bits.
        bytes := overlay(bytes PLACING substring(int8send(unix_ms) FROM 3 FOR 6) FROM 1 FOR 6);
        bytes := set_byte(bytes, 6, (get_byte(bytes, 6) & 15) | 112);
        RETURN encode(bytes, 'hex')::uuid;
      END $function$`);
    await queryRunner.query(`ALTER TABLE notifications ALTER COLUMN id SET DEFAULT uuid_v7()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications ALTER COLUMN id SET DEFAULT gen_random_uuid()`);
    await queryRunner.query(`DROP FUNCTION uuid_v7()`);
  }
}
