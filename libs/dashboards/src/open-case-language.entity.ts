import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Read model of the network dashboard's language coverage: how many open cases in each district
 * have clients speaking each language. Kept exact by statement-level triggers on `cases` (written
 * by hand in the migration), in the same transaction as the change, so it is never stale; counting
 * the million-row `cases` table on every dashboard view took 200-300 ms.
 */
@Entity({ name: 'open_case_languages' })
export class OpenCaseLanguage {
  @PrimaryColumn({ type: 'text' })
  district!: string;

  @PrimaryColumn({ type: 'text' })
  language!: string;

  @Column({ type: 'int', default: 0 })
  openCases!: number;
}
