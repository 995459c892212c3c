import { ApiProperty } from '@nestjs/swagger';

/** A case's hash chain, recomputed (the swagger plugin reads this file). Never any event data. */
export class CaseIntegrity {
  /** Every event's hash follows from the one before and from what is stored. */
  valid: boolean;

  events: number;

  /** Hex SHA-256 of the case's last event as stored: record it to compare later. */
  @ApiProperty({ nullable: true, type: String, example: '9f2c…' })
  headHash: string | null;

  /** Where the chain first fails (only when not valid). */
  @ApiProperty({ nullable: true, type: Number })
  firstBadPosition?: number | null;

  /** What is wrong there, in words (only when not valid). */
  @ApiProperty({ nullable: true, type: String })
  problem?: string | null;
}
