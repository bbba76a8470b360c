import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first answer to a creating request, kept for 24 hours per user and Idempotency-Key. */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKey {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'bytea' })
  fingerprint!: Buffer;

  /** Null while the first request is still being processed (or if it died before answering). */
  @Column({ type: 'int', nullable: true })
  statusCode!: number | null;

  /**
   * The answer, stored after the handler returned, or with its change in the same transaction when the
   * handler gave it before committing (answerOnCommit). While statusCode is null: null as long as the
   * request has committed nothing, and `{"committed": true}` once its transaction committed (set in that
   * transaction; such a claim is never taken over by a retry). `json`, not `jsonb`: kept as sent, so a
   * replay is the same text.
   */
  @Column({ type: 'json', nullable: true })
  response!: unknown;

  /** When the key was claimed (renewed while its request runs): the claim's lease counts from here. */
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
